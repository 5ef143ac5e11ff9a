package dev.kiln.inference.batching;

import dev.kiln.inference.error.InferenceException;
import dev.kiln.inference.runtime.LoadedModel;
import dev.kiln.inference.runtime.ModelRunner;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Runs one batch on a runner: stacks the requests' inputs along the batch dimension into the runner's buffers, runs
 * the model once, and completes each request with its rows of the outputs (or the failure).
 */
final class BatchRunner {
    private final String name;
    private final LoadedModel model;
    private final boolean batchable;
    private final BatchObserver observer;
    private final int inputCount;
    private final int outputCount;

    BatchRunner(String name, LoadedModel model, boolean batchable, BatchObserver observer) {
        this.name = name;
        this.model = model;
        this.batchable = batchable;
        this.observer = observer;
        this.inputCount = model.inputs().size();
        this.outputCount = model.outputs().size();
    }

    boolean batchable() {
        return batchable;
    }

    void run(List<BatchQueue.Queued> batch, int rows, ModelRunner runner) {
        long start = System.nanoTime();
        try {
            for (int i = 0; i < inputCount; i++) {
                long[] shape = batch.get(0).item().shapes()[i].clone();
                if (batchable) {
                    shape[0] = rows;
                }
                FloatBuffer buffer = runner.input(i, shape);
                for (BatchQueue.Queued queued : batch) {
                    buffer.put(queued.item().inputs()[i].duplicate());
                }
            }
            runner.run();
            long computeNanos = System.nanoTime() - start;
            distribute(batch, runner, rows, start, computeNanos);
            observer.batchRan(rows, batch.size(), computeNanos);
        } catch (RuntimeException e) {
            InferenceException failure = e instanceof InferenceException ie
                    ? ie
                    : InferenceException.internal("running model " + name + " failed: " + e.getMessage(), e);
            batch.forEach(queued -> queued.item().result().completeExceptionally(failure));
        }
    }

    private void distribute(
            List<BatchQueue.Queued> batch, ModelRunner runner, int rows, long start, long computeNanos) {
        long[][] shapes = new long[outputCount][];
        int[] perRow = new int[outputCount];
        for (int o = 0; o < outputCount; o++) {
            shapes[o] = runner.outputShape(o);
            if (batch.size() > 1 && (shapes[o].length == 0 || shapes[o][0] != rows)) {
                throw InferenceException.internal(
                        "output " + model.outputs().get(o).name() + " of model " + name
                                + " does not keep the batch dimension; it cannot be batched",
                        null);
            }
            perRow[o] = shapes[o].length == 0 ? 1 : (int) (elements(shapes[o]) / Math.max(1, shapes[o][0]));
        }
        int offset = 0;
        for (BatchQueue.Queued queued : batch) {
            int itemRows = queued.item().rows();
            float[][] outputs = new float[outputCount][];
            long[][] itemShapes = new long[outputCount][];
            for (int o = 0; o < outputCount; o++) {
                FloatBuffer output = runner.output(o);
                if (batch.size() == 1) {
                    outputs[o] = new float[output.limit()];
                    output.get(0, outputs[o]);
                    itemShapes[o] = shapes[o];
                } else {
                    outputs[o] = new float[itemRows * perRow[o]];
                    output.get(offset * perRow[o], outputs[o]);
                    itemShapes[o] = shapes[o].clone();
                    itemShapes[o][0] = itemRows;
                }
            }
            offset += itemRows;
            queued.item()
                    .result()
                    .complete(new BatchResult(outputs, itemShapes, rows, start - queued.enqueuedNanos(), computeNanos));
        }
    }

    private static long elements(long[] shape) {
        long elements = 1;
        for (long dim : shape) {
            elements *= dim;
        }
        return elements;
    }
}
