package dev.kiln.registry.storage;

import dev.kiln.contracts.spec.ModelSpecJson;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code MANIFEST.json}: the size and sha256 of every file of a job's (and a model version's) artifacts, written by
 * the trainer beside them: {@code {"files":[{"file":"model.onnx","size_bytes":1234,"sha256":"ab…"},…]}}.
 */
public record ArtifactManifest(List<Entry> files) {
    private static final JsonMapper READER = ModelSpecJson.mapper()
            .rebuild()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public ArtifactManifest {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** One file: its name, size and lower-case hex sha256. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Entry(String file, long sizeBytes, String sha256) {}

    public Optional<Entry> entry(String file) {
        return files.stream().filter(e -> e.file().equals(file)).findFirst();
    }

    /**
     * Reads a manifest.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static ArtifactManifest parse(byte[] json) {
        ArtifactManifest manifest;
        try {
            manifest = READER.readValue(json, ArtifactManifest.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("MANIFEST.json is not valid JSON of the form {\"files\": [{\"file\":"
                    + " …, \"size_bytes\": …, \"sha256\": …}]}: " + e.getOriginalMessage());
        }
        for (Entry entry : manifest.files()) {
            if (entry.file() == null
                    || entry.sha256() == null
                    || !entry.sha256().matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(
                        "MANIFEST.json entry " + entry + " needs a file name and a sha256 of 64 lower-case hex digits");
            }
        }
        return manifest;
    }

    public byte[] toBytes() {
        return ModelSpecJson.mapper().writeValueAsBytes(this);
    }
}
