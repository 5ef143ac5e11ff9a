package dev.kiln.inference.runtime;

/**
 * Turns a model artifact into a {@link LoadedModel} that can run. One implementation per engine (ONNX Runtime
 * here); nothing above this interface knows which engine runs a model.
 */
public interface ModelRuntime {
    /**
     * Loads a model from its bytes.
     *
     * @param model the artifact's bytes (already checked against the registry's sha256)
     * @param description who the model is, for messages (e.g. {@code fashion@3})
     * @return the loaded model; the caller closes it
     * @throws dev.kiln.inference.error.InferenceException if the engine cannot load or cannot serve the model
     */
    LoadedModel load(byte[] model, String description);
}
