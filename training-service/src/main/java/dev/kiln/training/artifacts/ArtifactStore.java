package dev.kiln.training.artifacts;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.contracts.events.Artifact;
import dev.kiln.contracts.spec.ModelSpecJson;
import dev.kiln.training.storage.ObjectStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Writes a finished job's artifacts under {@code jobs/{jobId}/artifacts/}: model.onnx, state_dict.pt,
 * model.safetensors, spec.json, metrics.json, then MANIFEST.json with the size and sha256 of each of them.
 */
@Component
public class ArtifactStore {
    private static final String FOLDER = "artifacts/";

    private final ObjectStore store;
    private final ArtifactFiles files;

    public ArtifactStore(ObjectStore store) {
        this.store = store;
        String version = ArtifactStore.class.getPackage().getImplementationVersion();
        this.files = new ArtifactFiles("kiln-training " + (version == null ? "dev" : version));
    }

    /** {@code jobs/{jobId}/artifacts/{file}}. */
    public static String key(String jobId, String file) {
        return StorageLayout.jobPrefix(jobId) + FOLDER + StorageLayout.requireValidFileName("artifact file", file);
    }

    /** Renders and uploads every file; returns them as the success event lists them (the manifest last). */
    public List<Artifact> export(ExportRequest request) {
        List<Artifact> artifacts = new ArrayList<>();
        List<Map<String, Object>> manifest = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.render(request).entrySet()) {
            Artifact artifact = upload(request.jobId(), file.getKey(), file.getValue());
            artifacts.add(artifact);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", artifact.file());
            entry.put("size_bytes", artifact.sizeBytes());
            entry.put("sha256", artifact.sha256());
            manifest.add(entry);
        }
        byte[] manifestBytes = ModelSpecJson.mapper().writeValueAsBytes(Map.of("files", manifest));
        artifacts.add(upload(request.jobId(), StorageLayout.MANIFEST_JSON, manifestBytes));
        return List.copyOf(artifacts);
    }

    /** Whether the job's MANIFEST.json is there (it is written last). */
    public boolean complete(String jobId) {
        return store.exists(key(jobId, StorageLayout.MANIFEST_JSON));
    }

    private Artifact upload(String jobId, String file, byte[] bytes) {
        String key = key(jobId, file);
        store.put(key, bytes, contentType(file));
        return new Artifact(file, store.uri(key), bytes.length, sha256(bytes));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String contentType(String file) {
        return file.endsWith(".json") ? "application/json" : "application/octet-stream";
    }
}
