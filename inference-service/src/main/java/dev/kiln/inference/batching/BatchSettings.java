package dev.kiln.inference.batching;

import java.time.Duration;

/**
 * Dynamic batching of one model version.
 *
 * @param maxBatchSize the most samples (rows along the batch dimension) run together
 * @param maxBatchDelay how long a worker that already found more than one request waiting may wait for more to fill
 *     the batch; a lone request never waits
 * @param queueSize the most requests waiting per model version; beyond it requests are refused at once
 * @param workers threads running batches of one model version, each with its own buffers
 */
public record BatchSettings(int maxBatchSize, Duration maxBatchDelay, int queueSize, int workers) {
    public BatchSettings {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max-batch-size must be 1 or more, got " + maxBatchSize);
        }
        if (maxBatchDelay == null || maxBatchDelay.isNegative()) {
            throw new IllegalArgumentException("max-batch-delay must be zero or positive, got " + maxBatchDelay);
        }
        if (queueSize < 1) {
            throw new IllegalArgumentException("queue-size must be 1 or more, got " + queueSize);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be 1 or more, got " + workers);
        }
    }
}
