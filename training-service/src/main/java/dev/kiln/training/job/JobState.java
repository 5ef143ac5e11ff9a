package dev.kiln.training.job;

import java.time.Instant;

/**
 * What {@code jobs/{jobId}/checkpoints/state.json} remembers of a job across workers: how often it was started,
 * its latest checkpoint and the last error.
 *
 * @param attempt the attempts started so far (the current one included)
 * @param stalledAttempts the attempts started since the checkpoint last moved on (the current one included): what
 *     the attempt limit counts, so a job whose workers keep dying but which gains an epoch each time is not given up
 * @param checkpoint the file name of the latest checkpoint under the job's checkpoint prefix, or null
 * @param checkpointEpoch the epoch that checkpoint holds, 0 without one
 * @param lastError the error of the last failed attempt, or null
 * @param worker the worker of the latest attempt
 * @param updatedAt when it was written
 * @param startEpoch the checkpoint epoch when the latest attempt started
 */
public record JobState(
        String jobId,
        int attempt,
        String checkpoint,
        int checkpointEpoch,
        String lastError,
        String worker,
        Instant updatedAt,
        int stalledAttempts,
        int startEpoch) {

    static JobState fresh(String jobId) {
        return new JobState(jobId, 0, null, 0, null, null, Instant.now(), 0, 0);
    }

    /** The next attempt; it counts as stalled unless the checkpoint moved on since the previous one started. */
    JobState startedBy(String newWorker) {
        // a state written before stalledAttempts existed counted every attempt as stalled
        int stalledBefore = stalledAttempts == 0 ? attempt : stalledAttempts;
        int stalled = attempt == 0 || checkpointEpoch > startEpoch ? 1 : stalledBefore + 1;
        return new JobState(
                jobId,
                attempt + 1,
                checkpoint,
                checkpointEpoch,
                lastError,
                newWorker,
                Instant.now(),
                stalled,
                checkpointEpoch);
    }

    JobState withCheckpoint(String file, int epoch) {
        return new JobState(jobId, attempt, file, epoch, lastError, worker, Instant.now(), stalledAttempts, startEpoch);
    }

    JobState withError(String error) {
        return new JobState(
                jobId, attempt, checkpoint, checkpointEpoch, error, worker, Instant.now(), stalledAttempts, startEpoch);
    }
}
