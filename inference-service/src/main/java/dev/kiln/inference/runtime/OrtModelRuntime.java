package dev.kiln.inference.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import dev.kiln.inference.error.ErrorCode;
import dev.kiln.inference.error.InferenceException;

/**
 * {@link ModelRuntime} over ONNX Runtime's own Java API. It was measured against DJL's OnnxRuntime engine (see the
 * benchmark under src/test): the raw API with reused direct buffers is the faster, as DJL adds an NDArray layer and
 * a copy per call.
 */
public final class OrtModelRuntime implements ModelRuntime {
    private final OrtEnvironment environment;
    private final int intraOpThreads;
    private final boolean allowSpinning;

    /**
     * @param intraOpThreads threads ONNX Runtime uses inside one run; 0 lets it choose (one per physical core)
     * @param allowSpinning whether those threads spin while waiting for work (faster, but burns CPU the web and
     *     gRPC threads may need)
     */
    public OrtModelRuntime(OrtEnvironment environment, int intraOpThreads, boolean allowSpinning) {
        this.environment = environment;
        this.intraOpThreads = intraOpThreads;
        this.allowSpinning = allowSpinning;
    }

    @Override
    public LoadedModel load(byte[] model, String description) {
        try (SessionOptions options = new SessionOptions()) {
            options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            options.addConfigEntry("session.intra_op.allow_spinning", allowSpinning ? "1" : "0");
            OrtSession session = environment.createSession(model, options);
            try {
                return OrtLoadedModel.of(environment, session, model.length, description);
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new InferenceException(
                    ErrorCode.UNAVAILABLE,
                    "model " + description + " could not be loaded by ONNX Runtime: " + e.getMessage(),
                    e);
        }
    }
}
