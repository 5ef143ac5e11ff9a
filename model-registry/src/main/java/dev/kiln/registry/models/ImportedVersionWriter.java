package dev.kiln.registry.models;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.contracts.spec.ModelSpecJson;
import dev.kiln.registry.api.ApiException;
import dev.kiln.registry.config.JsonColumns;
import dev.kiln.registry.storage.ArtifactManifest;
import dev.kiln.registry.storage.ObjectStore;
import dev.kiln.registry.storage.StorageException;
import dev.kiln.registry.storage.StoredObject;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stores a validated import as the next version: takes the number, writes {@code model.onnx} (and the state dict),
 * {@code spec.json} and {@code MANIFEST.json} under {@code models/{name}/{version}/}, and ends the registration READY
 * (announced after commit), or FAILED_REGISTRATION when storage fails on the way.
 */
@Component
class ImportedVersionWriter {
    private final ModelRegistration registration;
    private final ObjectStore store;
    private final JsonColumns json;

    ImportedVersionWriter(ModelRegistration registration, ObjectStore store, JsonColumns json) {
        this.registration = registration;
        this.store = store;
        this.json = json;
    }

    /** @param onnxForVersion the ONNX bytes, given the version number (an exported graph records it) */
    RegisteredVersion write(
            ImportRequest request, Signature signature, List<Integer> inputShape, IntFunction<byte[]> onnxForVersion) {
        byte[] onnx = onnxForVersion.apply(0); // validate the export before a number is taken
        VersionStore.Reservation reservation = registration.reserveImport(request.model());
        if (request.stateDict() != null) {
            onnx = onnxForVersion.apply(reservation.version());
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(StorageLayout.MODEL_ONNX, onnx);
        if (request.stateDict() != null) {
            files.put(StorageLayout.STATE_DICT, request.stateDict());
        }
        files.put(StorageLayout.SPEC_JSON, specJson(request, inputShape));
        try {
            List<StoredArtifact> artifacts = new ArrayList<>();
            List<ArtifactManifest.Entry> entries = new ArrayList<>();
            files.forEach((file, bytes) -> {
                StoredObject stored = store.putHashed(
                        StorageLayout.modelFile(request.model(), reservation.version(), file),
                        new ByteArrayInputStream(bytes),
                        bytes.length,
                        ArtifactCopier.contentType(file));
                artifacts.add(new StoredArtifact(file, stored.uri(), stored.sizeBytes(), stored.sha256()));
                entries.add(new ArtifactManifest.Entry(file, stored.sizeBytes(), stored.sha256()));
            });
            byte[] manifest = new ArtifactManifest(entries).toBytes();
            StoredObject stored = store.putHashed(
                    StorageLayout.modelFile(request.model(), reservation.version(), StorageLayout.MANIFEST_JSON),
                    new ByteArrayInputStream(manifest),
                    manifest.length,
                    "application/json");
            artifacts.add(
                    new StoredArtifact(StorageLayout.MANIFEST_JSON, stored.uri(), stored.sizeBytes(), stored.sha256()));
            return registration.finish(
                    reservation,
                    new VersionStore.Completion(
                            VersionStatus.READY,
                            null,
                            json.write(signature),
                            json.write(request.labels()),
                            json.write(request.normalization()),
                            "{}",
                            artifacts),
                    null);
        } catch (StorageException e) {
            registration.finish(
                    reservation,
                    ModelRegistration.failed("storing the imported files failed: " + e.getMessage()),
                    null);
            throw ApiException.unavailable("object storage failed while storing the model; try again");
        }
    }

    private byte[] specJson(ImportRequest request, List<Integer> inputShape) {
        ObjectNode spec = json.mapper().createObjectNode();
        if (request.spec() != null) {
            spec.set("model", json.mapper().readTree(ModelSpecJson.toJson(request.spec())));
        }
        spec.set("labels", json.mapper().valueToTree(request.labels()));
        if (request.normalization() != null) {
            spec.set("normalization", json.mapper().valueToTree(request.normalization()));
        }
        spec.set("input_shape", json.mapper().valueToTree(inputShape));
        return json.mapper().writeValueAsBytes(spec);
    }
}
