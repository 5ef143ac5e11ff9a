package dev.kiln.inference.batching;

import dev.kiln.inference.runtime.LoadedModel;
import dev.kiln.inference.runtime.ModelRunner;
import dev.kiln.inference.runtime.TensorSpec;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A real loaded model whose runs wait at a gate, so a test can hold the worker inside a run while it queues more
 * requests. The model itself (ONNX Runtime) is untouched.
 */
final class GatedModel implements LoadedModel {
    private final LoadedModel model;
    private final Semaphore gate = new Semaphore(0);
    final CountDownLatch firstRunEntered = new CountDownLatch(1);

    GatedModel(LoadedModel model) {
        this.model = model;
    }

    /** Lets {@code runs} runs through. */
    void open(int runs) {
        gate.release(runs);
    }

    void openForever() {
        gate.release(1_000_000);
    }

    @Override
    public List<TensorSpec> inputs() {
        return model.inputs();
    }

    @Override
    public List<TensorSpec> outputs() {
        return model.outputs();
    }

    @Override
    public Map<String, String> metadata() {
        return model.metadata();
    }

    @Override
    public long memoryBytes() {
        return model.memoryBytes();
    }

    @Override
    public ModelRunner newRunner() {
        ModelRunner runner = model.newRunner();
        return new ModelRunner() {
            @Override
            public FloatBuffer input(int index, long[] shape) {
                return runner.input(index, shape);
            }

            @Override
            public void run() {
                firstRunEntered.countDown();
                try {
                    if (!gate.tryAcquire(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never opened the gate");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                runner.run();
            }

            @Override
            public FloatBuffer output(int index) {
                return runner.output(index);
            }

            @Override
            public long[] outputShape(int index) {
                return runner.outputShape(index);
            }

            @Override
            public void close() {
                runner.close();
            }
        };
    }

    @Override
    public void close() {
        model.close();
    }
}
