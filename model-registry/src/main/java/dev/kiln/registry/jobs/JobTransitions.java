package dev.kiln.registry.jobs;

import dev.kiln.contracts.events.CheckpointSaved;
import dev.kiln.contracts.events.EpochCompleted;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.TrainingJobCancelled;
import dev.kiln.contracts.events.TrainingJobFailed;
import dev.kiln.contracts.events.TrainingJobStarted;
import dev.kiln.contracts.events.TrainingJobSucceeded;

/**
 * How one event moves a job's state. The rules make the projection independent of delivery order and duplicates:
 *
 * <ul>
 *   <li>A terminal status (SUCCEEDED, FAILED, CANCELLED) never changes again; the first terminal event wins.
 *   <li>A retryable failure is not terminal: the trainer re-queues the job, so it goes back to QUEUED with the error
 *       of the failed attempt kept, and only a {@code TrainingJobStarted} of a higher attempt makes it RUNNING again
 *       (which clears the error). So a client never sees FAILED turn into RUNNING.
 *   <li>Events of an attempt older than the one recorded are stale and change nothing.
 *   <li>Progress (an epoch, a checkpoint) of a job still QUEUED means it runs: RUNNING.
 * </ul>
 */
final class JobTransitions {
    private JobTransitions() {}

    static JobState next(JobState s, JobEvent event) {
        if (s.status().terminal()) {
            return s;
        }
        if (event instanceof TrainingJobStarted e) {
            return started(s, e);
        }
        if (event instanceof EpochCompleted || event instanceof CheckpointSaved) {
            return progressed(s);
        }
        if (event instanceof TrainingJobSucceeded e) {
            return new JobState(
                    JobStatus.SUCCEEDED,
                    s.attempt(),
                    e.worker() != null ? e.worker() : s.worker(),
                    e.device() != null ? e.device() : s.device(),
                    null,
                    null,
                    s.startedAt(),
                    e.occurredAt(),
                    e.testAccuracy(),
                    e.testLoss());
        }
        if (event instanceof TrainingJobFailed e) {
            return failed(s, e);
        }
        if (event instanceof TrainingJobCancelled e) {
            return new JobState(
                    JobStatus.CANCELLED,
                    s.attempt(),
                    s.worker(),
                    s.device(),
                    e.reason(),
                    null,
                    s.startedAt(),
                    e.occurredAt(),
                    s.testAccuracy(),
                    s.testLoss());
        }
        return s;
    }

    private static JobState started(JobState s, TrainingJobStarted e) {
        boolean stale = e.attempt() < s.attempt() || (s.requeuedAfterFailure() && e.attempt() <= s.attempt());
        if (stale) {
            return s;
        }
        return new JobState(
                JobStatus.RUNNING,
                e.attempt(),
                e.worker(),
                e.device(),
                null,
                null,
                s.startedAt() != null ? s.startedAt() : e.occurredAt(),
                null,
                null,
                null);
    }

    private static JobState progressed(JobState s) {
        return s.status() == JobStatus.QUEUED && !s.requeuedAfterFailure() ? s.withStatus(JobStatus.RUNNING) : s;
    }

    private static JobState failed(JobState s, TrainingJobFailed e) {
        if (e.attempt() < s.attempt()) {
            return s;
        }
        JobStatus status = e.retryable() ? JobStatus.QUEUED : JobStatus.FAILED;
        return new JobState(
                status,
                e.attempt(),
                s.worker(),
                s.device(),
                e.error() == null ? "attempt " + e.attempt() + " failed" : e.error(),
                e.errorCode(),
                s.startedAt(),
                e.retryable() ? null : e.occurredAt(),
                null,
                null);
    }
}
