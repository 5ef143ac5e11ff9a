package dev.kiln.inference.batching;

/** The queue was closed (its model version was unloaded) before the request could join it; resolve again. */
public final class QueueClosedException extends RuntimeException {
    public QueueClosedException(String queue) {
        super("the batch queue of " + queue + " is closed", null, false, false);
    }
}
