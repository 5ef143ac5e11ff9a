package dev.kiln.inference.runtime;

import java.nio.FloatBuffer;

/**
 * Runs a {@link LoadedModel} over buffers it owns and reuses from run to run, so a steady stream of batches
 * allocates nothing. Not thread-safe: one runner per worker thread. Fill every input, {@link #run()}, read the
 * outputs before the next run.
 */
public interface ModelRunner extends AutoCloseable {
    /**
     * The buffer for input {@code index}, sized for {@code shape}: position 0, limit the element count. Write the
     * elements in row-major order.
     */
    FloatBuffer input(int index, long[] shape);

    /** Runs the model over the inputs written since the last run. */
    void run();

    /** Output {@code index} of the last run: position 0, limit the element count; valid until the next run. */
    FloatBuffer output(int index);

    /** The shape of output {@code index} of the last run. */
    long[] outputShape(int index);

    @Override
    void close();
}
