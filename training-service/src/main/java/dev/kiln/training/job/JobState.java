package dev.kiln.training.job;

import java.time.Instant;

/**
 * What {@code jobs/{jobId}/checkpoints/state.json} remembers of a job across workers: how often it was started,
 * its latest checkpoint and the last error.
 *
 * @param attempt the attempts started so far (the current one included)
 * @param checkpoint the file name of the latest checkpoint under the job's checkpoint prefix, or null
 * @param checkpointEpoch the epoch that checkpoint holds, 0 without one
 * @param lastError the error of the last failed attempt, or null
 * @param worker the worker of the latest attempt
 * @param updatedAt when it was written
 */
public record JobState(
        String jobId,
        int attempt,
        String checkpoint,
        int checkpointEpoch,
        String lastError,
        String worker,
        Instant updatedAt) {

    static JobState fresh(String jobId) {
        return new JobState(jobId, 0, null, 0, null, null, Instant.now());
    }

    JobState startedBy(String newWorker) {
        return new JobState(jobId, attempt + 1, checkpoint, checkpointEpoch, lastError, newWorker, Instant.now());
    }

    JobState withCheckpoint(String file, int epoch) {
        return new JobState(jobId, attempt, file, epoch, lastError, worker, Instant.now());
    }

    JobState withError(String error) {
        return new JobState(jobId, attempt, checkpoint, checkpointEpoch, error, worker, Instant.now());
    }
}
