package dev.kiln.registry.models;

import java.util.List;

/**
 * The result of copying a job's artifacts into a model version: the verified files and the contents of
 * {@code spec.json} and {@code metrics.json}, or the reason the version cannot be registered.
 */
record CopyOutcome(List<StoredArtifact> artifacts, byte[] specJson, byte[] metricsJson, String failure) {
    static CopyOutcome failed(String reason) {
        return new CopyOutcome(List.of(), null, null, reason);
    }

    static CopyOutcome copied(List<StoredArtifact> artifacts, byte[] specJson, byte[] metricsJson) {
        return new CopyOutcome(List.copyOf(artifacts), specJson, metricsJson, null);
    }

    boolean ok() {
        return failure == null;
    }
}
