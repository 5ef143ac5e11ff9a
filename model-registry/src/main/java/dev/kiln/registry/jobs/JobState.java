package dev.kiln.registry.jobs;

import java.time.Instant;

/** The part of a job's projection that its events move: status, attempt, where it runs and how it ended. */
record JobState(
        JobStatus status,
        int attempt,
        String worker,
        String device,
        String error,
        String errorCode,
        Instant startedAt,
        Instant finishedAt,
        Double testAccuracy,
        Double testLoss) {

    /** A job the registry has not heard of before: queued, no attempt yet. */
    static JobState queued() {
        return new JobState(JobStatus.QUEUED, 0, null, null, null, null, null, null, null, null);
    }

    JobState withStatus(JobStatus newStatus) {
        return new JobState(
                newStatus, attempt, worker, device, error, errorCode, startedAt, finishedAt, testAccuracy, testLoss);
    }

    /** Whether the job waits for another attempt after a retryable failure. */
    boolean requeuedAfterFailure() {
        return status == JobStatus.QUEUED && error != null;
    }
}
