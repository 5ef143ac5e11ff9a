package dev.kiln.registry;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.contracts.events.Artifact;
import dev.kiln.registry.storage.ArtifactManifest;
import dev.kiln.registry.storage.JobArtifactLayout;
import dev.kiln.registry.storage.ObjectStore;
import dev.kiln.registry.storage.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Puts a finished job's artifacts where the trainer does ({@code jobs/{jobId}/artifacts/…}), with MANIFEST.json. */
public final class JobArtifactsFixture {
    public static final List<String> LABELS = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final String SPEC_JSON = "{\"model\": {\"input\": {\"shape\": [1, 28, 28]}, \"layers\": ["
            + "{\"type\": \"Flatten\"}, {\"type\": \"Linear\", \"out_features\": 32}, {\"type\": \"ReLU\"},"
            + " {\"type\": \"Linear\", \"out_features\": 10}]},"
            + " \"labels\": [\"T-shirt/top\", \"Trouser\", \"Pullover\", \"Dress\", \"Coat\", \"Sandal\", \"Shirt\","
            + " \"Sneaker\", \"Bag\", \"Ankle boot\"],"
            + " \"normalization\": {\"mean\": [0.286], \"std\": [0.353]}, \"input_shape\": [1, 28, 28]}";

    private JobArtifactsFixture() {}

    /** Writes model.onnx, state_dict.pt, spec.json, metrics.json and MANIFEST.json; returns what the event announces. */
    public static List<Artifact> write(ObjectStore store, String jobId) {
        Random random = new Random(jobId.hashCode());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(StorageLayout.MODEL_ONNX, randomBytes(random, 20_000));
        files.put(StorageLayout.STATE_DICT, randomBytes(random, 30_000));
        files.put(StorageLayout.SPEC_JSON, SPEC_JSON.getBytes(StandardCharsets.UTF_8));
        files.put(
                StorageLayout.METRICS_JSON, "{\"epochs\": 2, \"val_accuracy\": 0.84}".getBytes(StandardCharsets.UTF_8));
        List<ArtifactManifest.Entry> entries = new ArrayList<>();
        List<Artifact> artifacts = new ArrayList<>();
        files.forEach((file, bytes) -> {
            String key = JobArtifactLayout.artifactFile(jobId, file);
            store.putBytes(key, bytes, "application/octet-stream");
            entries.add(new ArtifactManifest.Entry(file, bytes.length, Sha256.of(bytes)));
            artifacts.add(new Artifact(file, store.uri(key), bytes.length, Sha256.of(bytes)));
        });
        byte[] manifest = new ArtifactManifest(entries).toBytes();
        String manifestKey = JobArtifactLayout.artifactFile(jobId, StorageLayout.MANIFEST_JSON);
        store.putBytes(manifestKey, manifest, "application/json");
        artifacts.add(new Artifact(
                StorageLayout.MANIFEST_JSON, store.uri(manifestKey), manifest.length, Sha256.of(manifest)));
        return artifacts;
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}
