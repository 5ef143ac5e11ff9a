package dev.kiln.training.job;

/**
 * How the rest of the worker asks a running job to stop between two batches: cancelled (by a user; the job ends as
 * CANCELLED) or abandoned (its partition was taken away or the worker shuts down; the job ends without an outcome,
 * and another worker resumes it from its checkpoint).
 */
public final class JobControl {
    private volatile String cancelReason;
    private volatile boolean abandoned;

    public void cancel(String reason) {
        cancelReason = reason == null ? "cancelled" : reason;
    }

    public void abandon() {
        abandoned = true;
    }

    public boolean stopRequested() {
        return cancelReason != null || abandoned;
    }

    public boolean abandoned() {
        return abandoned;
    }

    public String cancelReason() {
        return cancelReason;
    }
}
