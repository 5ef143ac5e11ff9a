package dev.kiln.inference.runtime;

import java.util.List;
import java.util.Map;

/**
 * A model held by an engine: what it takes and gives, what it costs in memory, and runners that execute it. Closing
 * it frees the engine's resources; close it only when no runner is in use.
 */
public interface LoadedModel extends AutoCloseable {
    /** The graph inputs, in order. */
    List<TensorSpec> inputs();

    /** The graph outputs, in order. */
    List<TensorSpec> outputs();

    /** The model's metadata properties (Kiln's ONNX export keeps labels there). */
    Map<String, String> metadata();

    /** Bytes of memory the model holds, as counted against the cache's bound. */
    long memoryBytes();

    /** A runner with its own reusable buffers; one per thread, closed by that thread's owner. */
    ModelRunner newRunner();

    @Override
    void close();
}
