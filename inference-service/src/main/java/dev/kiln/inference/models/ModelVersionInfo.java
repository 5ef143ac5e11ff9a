package dev.kiln.inference.models;

import java.util.List;
import java.util.Optional;

/**
 * A model version as the registry describes it (the fields the inference service uses; the registry's JSON has more).
 *
 * @param name the registered model name
 * @param version the version number
 * @param status {@code PENDING_REGISTRATION}, {@code READY} or {@code FAILED_REGISTRATION}
 * @param labels the class labels, index i naming output i (may be empty)
 * @param artifacts the version's files with their size and sha256
 * @param aliases the aliases that point to it
 */
public record ModelVersionInfo(
        String name,
        int version,
        String status,
        List<String> labels,
        List<ArtifactInfo> artifacts,
        List<String> aliases) {
    public static final String READY = "READY";

    public ModelVersionInfo {
        labels = labels == null ? List.of() : List.copyOf(labels);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    public ModelKey key() {
        return new ModelKey(name, version);
    }

    public Optional<ArtifactInfo> artifact(String file) {
        return artifacts.stream().filter(a -> file.equals(a.file())).findFirst();
    }

    /** One stored file of a version: {@code {"file": "model.onnx", "size_bytes": …, "sha256": "…", "uri": "s3://…"}}. */
    public record ArtifactInfo(String file, long sizeBytes, String sha256, String uri) {}
}
