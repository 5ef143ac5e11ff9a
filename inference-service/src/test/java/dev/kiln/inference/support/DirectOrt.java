package dev.kiln.inference.support;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** ONNX Runtime called directly through its own Java API: the reference the service's answers are checked against. */
public final class DirectOrt implements AutoCloseable {
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    public DirectOrt(byte[] model) throws Exception {
        this.session = environment.createSession(model, new OrtSession.SessionOptions());
    }

    /** The named output for {@code rows} samples of 1×28×28. */
    public float[] run(float[] samples, int rows, String output) throws Exception {
        try (OnnxTensor input =
                        OnnxTensor.createTensor(environment, FloatBuffer.wrap(samples), new long[] {rows, 1, 28, 28});
                OrtSession.Result result = session.run(Map.of("input", input))) {
            FloatBuffer values = ((OnnxTensor) result.get(output).orElseThrow()).getFloatBuffer();
            float[] out = new float[values.remaining()];
            values.get(out);
            return out;
        }
    }

    @Override
    public void close() throws Exception {
        session.close();
    }
}
