package dev.kiln.training.engine;

/** Training stopped between two batches because the job was cancelled or taken away from this worker. */
public class TrainingCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingCancelledException(int epoch, int batch) {
        super("training stopped before batch " + batch + " of epoch " + epoch);
    }
}
