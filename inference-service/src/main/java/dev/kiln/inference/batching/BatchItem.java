package dev.kiln.inference.batching;

import java.nio.FloatBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One request's share of a batch: its inputs in the model's input order (already validated), its number of rows and
 * the future its result completes.
 *
 * @param inputs one buffer per model input, position 0, limit the element count; not modified
 * @param shapes the shape of each input; all share the first dimension, {@code rows}
 * @param rows the request's extent along the batch dimension
 */
public record BatchItem(FloatBuffer[] inputs, long[][] shapes, int rows, CompletableFuture<BatchResult> result) {
    public static BatchItem of(FloatBuffer[] inputs, long[][] shapes, int rows) {
        return new BatchItem(inputs, shapes, rows, new CompletableFuture<>());
    }
}
