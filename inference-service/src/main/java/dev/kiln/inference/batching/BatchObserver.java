package dev.kiln.inference.batching;

/** Told about every batch a queue runs (for metrics). */
public interface BatchObserver {
    BatchObserver NONE = (rows, requests, computeNanos) -> {};

    void batchRan(int rows, int requests, long computeNanos);
}
