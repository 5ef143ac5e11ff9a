package dev.kiln.training.job;

import java.time.Duration;

/**
 * What the queue consumer does with a job's record once the worker is done with it.
 *
 * @param commit whether to commit its offset (the job has an outcome, or was dead-lettered)
 * @param retryAfter when not committed: how long to wait before the record is read again; null when the job was
 *     abandoned (another worker will read it)
 */
public record JobOutcome(boolean commit, Duration retryAfter) {
    public static final JobOutcome DONE = new JobOutcome(true, null);
    public static final JobOutcome ABANDONED = new JobOutcome(false, null);

    public static JobOutcome retryAfter(Duration delay) {
        return new JobOutcome(false, delay);
    }
}
