package dev.kiln.inference.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.kiln.inference.error.InferenceException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an ONNX Runtime session over direct buffers that it keeps from run to run: ONNX Runtime reads the inputs and
 * writes the outputs in place (no copy through Java arrays). Outputs whose shape is {@code [batch, fixed…]} are
 * pinned to our buffers; any other output is copied out of ONNX Runtime's own.
 */
final class OrtModelRunner implements ModelRunner {
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String[] inputNames;
    private final String[] outputNames;
    private final long[][] outputTemplates;
    private final boolean pinOutputs;
    private final FloatBuffer[] inputBuffers;
    private final FloatBuffer[] outputBuffers;
    private final long[][] inputShapes;
    private final long[][] outputShapes;
    private final Map<String, OnnxTensor> inputTensors = new HashMap<>();
    private final Map<String, OnnxTensor> outputTensors = new HashMap<>();

    OrtModelRunner(OrtEnvironment environment, OrtSession session, List<TensorSpec> inputs, List<TensorSpec> outputs) {
        this.environment = environment;
        this.session = session;
        this.inputNames = inputs.stream().map(TensorSpec::name).toArray(String[]::new);
        this.outputNames = outputs.stream().map(TensorSpec::name).toArray(String[]::new);
        this.outputTemplates = outputs.stream().map(TensorSpec::dims).toArray(long[][]::new);
        this.pinOutputs = outputs.stream().allMatch(TensorSpec::batchable)
                && inputs.stream().allMatch(TensorSpec::batchable);
        this.inputBuffers = new FloatBuffer[inputNames.length];
        this.outputBuffers = new FloatBuffer[outputNames.length];
        this.inputShapes = new long[inputNames.length][];
        this.outputShapes = new long[outputNames.length][];
    }

    @Override
    public FloatBuffer input(int index, long[] shape) {
        int elements = elements(shape);
        FloatBuffer buffer = inputBuffers[index] = capacity(inputBuffers[index], elements);
        buffer.clear().limit(elements);
        inputShapes[index] = shape.clone();
        return buffer;
    }

    @Override
    public void run() {
        try {
            for (int i = 0; i < inputNames.length; i++) {
                FloatBuffer buffer = inputBuffers[i];
                buffer.position(0).limit(elements(inputShapes[i]));
                inputTensors.put(inputNames[i], OnnxTensor.createTensor(environment, buffer, inputShapes[i]));
            }
            if (pinOutputs) {
                runPinned(inputShapes[0][0]);
            } else {
                runCopying();
            }
        } catch (OrtException e) {
            throw InferenceException.internal("ONNX Runtime failed to run the model: " + e.getMessage(), e);
        } finally {
            closeAll(inputTensors);
            closeAll(outputTensors);
        }
    }

    private void runPinned(long rows) throws OrtException {
        for (int o = 0; o < outputNames.length; o++) {
            long[] shape = outputTemplates[o].clone();
            shape[0] = rows;
            int elements = elements(shape);
            FloatBuffer buffer = outputBuffers[o] = capacity(outputBuffers[o], elements);
            buffer.clear().limit(elements);
            outputShapes[o] = shape;
            outputTensors.put(outputNames[o], OnnxTensor.createTensor(environment, buffer, shape));
        }
        try (OrtSession.Result ignored = session.run(inputTensors, outputTensors)) {
            // the results were written into our buffers
        }
    }

    private void runCopying() throws OrtException {
        try (OrtSession.Result result = session.run(inputTensors)) {
            for (int o = 0; o < outputNames.length; o++) {
                OnnxValue value = result.get(o);
                OnnxTensor tensor = (OnnxTensor) value;
                long[] shape = tensor.getInfo().getShape();
                int elements = elements(shape);
                FloatBuffer buffer = outputBuffers[o] = capacity(outputBuffers[o], elements);
                buffer.clear();
                buffer.put(tensor.getFloatBuffer());
                buffer.flip();
                outputShapes[o] = shape;
            }
        }
    }

    @Override
    public FloatBuffer output(int index) {
        FloatBuffer buffer = outputBuffers[index];
        buffer.position(0).limit(elements(outputShapes[index]));
        return buffer;
    }

    @Override
    public long[] outputShape(int index) {
        return outputShapes[index].clone();
    }

    @Override
    public void close() {
        // the direct buffers are freed with the runner; the session belongs to the loaded model
    }

    private static FloatBuffer capacity(FloatBuffer buffer, int elements) {
        if (buffer != null && buffer.capacity() >= elements) {
            return buffer;
        }
        int capacity = Math.max(elements, buffer == null ? 0 : Math.min(Integer.MAX_VALUE / 8, buffer.capacity() * 2));
        return ByteBuffer.allocateDirect(capacity * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    private static int elements(long[] shape) {
        long elements = 1;
        for (long dim : shape) {
            elements *= dim;
        }
        if (elements > Integer.MAX_VALUE / Float.BYTES) {
            throw InferenceException.invalid("a tensor of " + elements + " elements is too large");
        }
        return (int) elements;
    }

    private static void closeAll(Map<String, OnnxTensor> tensors) {
        tensors.values().forEach(OnnxTensor::close);
        tensors.clear();
    }
}
