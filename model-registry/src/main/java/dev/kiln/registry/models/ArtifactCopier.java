package dev.kiln.registry.models;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.contracts.events.Artifact;
import dev.kiln.registry.storage.ArtifactManifest;
import dev.kiln.registry.storage.JobArtifactLayout;
import dev.kiln.registry.storage.MissingObjectException;
import dev.kiln.registry.storage.ObjectStore;
import dev.kiln.registry.storage.Sha256;
import dev.kiln.registry.storage.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Copies a job's artifacts ({@code jobs/{jobId}/artifacts/…}) to a model version ({@code models/{model}/{version}/…}),
 * hashing every byte on the way and comparing size and sha256 with {@code MANIFEST.json} and with what the event
 * announced: the event alone is never trusted. A permanent problem (a missing or altered file) is an outcome with a
 * reason and leaves no copy behind; a storage outage is an exception, so the caller retries.
 */
@Component
class ArtifactCopier {
    static final List<String> REQUIRED_FILES = List.of(StorageLayout.MODEL_ONNX, StorageLayout.SPEC_JSON);

    private final ObjectStore store;

    ArtifactCopier(ObjectStore store) {
        this.store = store;
    }

    CopyOutcome copy(String jobId, String model, int version, List<Artifact> announced) {
        try {
            StorageLayout.requireValidName("job id", jobId);
        } catch (IllegalArgumentException e) {
            return CopyOutcome.failed("the job's artifacts cannot be located: " + e.getMessage());
        }
        for (Artifact artifact : announced) {
            String expected;
            try {
                expected = JobArtifactLayout.artifactFile(jobId, artifact.file());
            } catch (IllegalArgumentException e) {
                return CopyOutcome.failed("the job announced an artifact with a bad name: " + e.getMessage());
            }
            if (artifact.uri() != null && !artifact.uri().equals(store.uri(expected))) {
                return CopyOutcome.failed("artifact " + artifact.file() + " is announced at " + artifact.uri()
                        + " but a job's artifacts must be at " + store.uri(expected));
            }
        }
        String manifestKey = JobArtifactLayout.artifactFile(jobId, StorageLayout.MANIFEST_JSON);
        byte[] manifestBytes;
        try {
            manifestBytes = store.readAll(manifestKey);
        } catch (MissingObjectException e) {
            return CopyOutcome.failed(
                    StorageLayout.MANIFEST_JSON + " is missing: " + store.uri(manifestKey) + " does not exist");
        }
        ArtifactManifest manifest;
        try {
            manifest = ArtifactManifest.parse(manifestBytes);
        } catch (IllegalArgumentException e) {
            return CopyOutcome.failed(e.getMessage());
        }
        String problem = checkAnnounced(manifest, announced, Sha256.of(manifestBytes));
        if (problem != null) {
            return CopyOutcome.failed(problem);
        }
        List<StoredArtifact> stored = new ArrayList<>();
        for (ArtifactManifest.Entry entry : manifest.files()) {
            problem = copyOne(jobId, model, version, entry, stored);
            if (problem != null) {
                store.deletePrefix(StorageLayout.modelVersionPrefix(model, version));
                return CopyOutcome.failed(problem);
            }
        }
        String manifestTarget = StorageLayout.modelFile(model, version, StorageLayout.MANIFEST_JSON);
        store.putBytes(manifestTarget, manifestBytes, "application/json");
        stored.add(new StoredArtifact(
                StorageLayout.MANIFEST_JSON,
                store.uri(manifestTarget),
                manifestBytes.length,
                Sha256.of(manifestBytes)));
        byte[] spec = store.readAll(StorageLayout.modelFile(model, version, StorageLayout.SPEC_JSON));
        byte[] metrics = manifest.entry(StorageLayout.METRICS_JSON).isPresent()
                ? store.readAll(StorageLayout.modelFile(model, version, StorageLayout.METRICS_JSON))
                : null;
        return CopyOutcome.copied(stored, spec, metrics);
    }

    private static String checkAnnounced(ArtifactManifest manifest, List<Artifact> announced, String manifestSha256) {
        for (String required : REQUIRED_FILES) {
            if (manifest.entry(required).isEmpty()) {
                return required + " is not in MANIFEST.json; a model version needs "
                        + String.join(" and ", REQUIRED_FILES);
            }
        }
        for (Artifact artifact : announced) {
            if (artifact.file().equals(StorageLayout.MANIFEST_JSON)) {
                if (artifact.sha256() != null && !artifact.sha256().equals(manifestSha256)) {
                    return "sha256 of MANIFEST.json is " + manifestSha256 + " but the job announced "
                            + artifact.sha256() + ": the manifest changed after training";
                }
                continue;
            }
            Optional<ArtifactManifest.Entry> entry = manifest.entry(artifact.file());
            if (entry.isEmpty()) {
                return "artifact " + artifact.file() + " was announced by the job but is not in MANIFEST.json";
            }
            if (artifact.sha256() != null
                    && !artifact.sha256().equals(entry.get().sha256())) {
                return "the job announced sha256 " + artifact.sha256() + " for " + artifact.file()
                        + " but MANIFEST.json says " + entry.get().sha256();
            }
        }
        return null;
    }

    private String copyOne(
            String jobId, String model, int version, ArtifactManifest.Entry entry, List<StoredArtifact> stored) {
        String source;
        String target;
        try {
            source = JobArtifactLayout.artifactFile(jobId, entry.file());
            target = StorageLayout.modelFile(model, version, entry.file());
        } catch (IllegalArgumentException e) {
            return "MANIFEST.json names a file that cannot be stored: " + e.getMessage();
        }
        StoredObject copy;
        try {
            copy = store.copyHashed(source, target, contentType(entry.file()));
        } catch (MissingObjectException e) {
            return entry.file() + " is listed in MANIFEST.json but " + store.uri(source) + " does not exist";
        }
        if (copy.sizeBytes() != entry.sizeBytes() || !copy.sha256().equals(entry.sha256())) {
            return "sha256 of " + entry.file() + " is " + copy.sha256() + " (" + copy.sizeBytes() + " bytes) but"
                    + " MANIFEST.json says " + entry.sha256() + " (" + entry.sizeBytes() + " bytes): " + entry.file()
                    + " changed after training";
        }
        stored.add(new StoredArtifact(entry.file(), copy.uri(), copy.sizeBytes(), copy.sha256()));
        return null;
    }

    static String contentType(String file) {
        return file.endsWith(".json") ? "application/json" : "application/octet-stream";
    }
}
