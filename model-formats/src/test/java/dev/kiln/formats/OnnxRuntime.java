package dev.kiln.formats;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs an ONNX model with ONNX Runtime in the tests. */
public final class OnnxRuntime {
    private OnnxRuntime() {}

    /** Every output of the model for one float32 input named {@code input}, flattened. */
    public static Map<String, float[]> run(byte[] model, float[] x, long[] shape) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(model, new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(x), shape);
                OrtSession.Result result = session.run(Map.of("input", input))) {
            Map<String, float[]> outputs = new LinkedHashMap<>();
            for (Map.Entry<String, OnnxValue> entry : result) {
                FloatBuffer buffer = ((OnnxTensor) entry.getValue()).getFloatBuffer();
                float[] values = new float[buffer.remaining()];
                buffer.get(values);
                outputs.put(entry.getKey(), values);
            }
            return outputs;
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
