package dev.kiln.inference.models;

import java.util.Optional;

/** Where model versions are registered: the model registry's REST API in production. */
public interface ModelCatalog {
    /**
     * A version of a model.
     *
     * @throws dev.kiln.inference.error.InferenceException NOT_FOUND if the model or version is unknown, UNAVAILABLE
     *     if the registry cannot be reached
     */
    ModelVersionInfo version(String name, int version);

    /** The version an alias points to, or empty if the alias (or the model) does not exist. */
    Optional<ModelVersionInfo> alias(String name, String alias);

    /**
     * The newest READY version of a model, or empty if it has none.
     *
     * @throws dev.kiln.inference.error.InferenceException NOT_FOUND if the model is unknown
     */
    Optional<ModelVersionInfo> latestReady(String name);
}
