package dev.kiln.registry.models;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The JSON shapes of the models API (snake_case on the wire). */
final class ModelViews {
    private ModelViews() {}

    /**
     * A registered model.
     *
     * @param latestVersion the highest READY version, what {@code @latest} resolves to; null when there is none
     * @param aliases alias to version
     */
    record ModelView(
            String name,
            String description,
            Integer latestVersion,
            int versionCount,
            Map<String, Integer> aliases,
            Map<String, String> tags,
            Instant createdAt,
            Instant updatedAt) {}

    record ModelList(List<ModelView> models, String nextPageToken) {}

    record ArtifactView(String file, long sizeBytes, String sha256, String uri) {}

    record VersionView(
            String name,
            int version,
            String status,
            String statusMessage,
            String source,
            String jobId,
            String dataset,
            JsonNode hyperparameters,
            JsonNode metrics,
            JsonNode signature,
            JsonNode labels,
            JsonNode normalization,
            String worker,
            String device,
            List<ArtifactView> artifacts,
            List<String> aliases,
            Map<String, String> tags,
            Instant createdAt,
            Instant updatedAt) {}

    record VersionList(List<VersionView> versions) {}

    /** An alias and the version it points to. */
    record AliasView(String name, String alias, int version, VersionView modelVersion) {}
}
