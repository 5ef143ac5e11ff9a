package dev.kiln.inference.support;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.inference.models.ModelVersionInfo;
import dev.kiln.infra.embedded.S3Endpoint;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.function.BiConsumer;

/** Registers test models the way Kiln does: the ONNX file in storage, the version with its sha256 in the catalog. */
public final class ModelShelf {
    private final InMemoryCatalog catalog;
    private final BiConsumer<String, byte[]> storage;
    private final String bucket;

    /** @param storage puts bytes under an object key */
    public ModelShelf(InMemoryCatalog catalog, BiConsumer<String, byte[]> storage, String bucket) {
        this.catalog = catalog;
        this.storage = storage;
        this.bucket = bucket;
    }

    /** A shelf whose files go to the real S3 bucket of {@code s3}. */
    public static ModelShelf onS3(InMemoryCatalog catalog, S3Endpoint s3) {
        var client = s3.client();
        return new ModelShelf(
                catalog,
                (key, bytes) -> {
                    try {
                        client.putObject(PutObjectArgs.builder().bucket(s3.bucket()).object(key).stream(
                                        new ByteArrayInputStream(bytes), bytes.length, -1)
                                .build());
                    } catch (Exception e) {
                        throw new IllegalStateException("uploading " + key + " failed", e);
                    }
                },
                s3.bucket());
    }

    public InMemoryCatalog catalog() {
        return catalog;
    }

    /** Registers an MLP version (READY) and returns its ONNX bytes. */
    public byte[] register(String name, int version, long seed) {
        byte[] onnx = TestModels.mlp(name, version, seed);
        register(name, version, onnx, ModelVersionInfo.READY);
        return onnx;
    }

    public void register(String name, int version, byte[] onnx, String status) {
        String key = StorageLayout.modelFile(name, version, StorageLayout.MODEL_ONNX);
        storage.accept(key, onnx);
        catalog.add(new ModelVersionInfo(
                name,
                version,
                status,
                TestModels.LABELS,
                List.of(new ModelVersionInfo.ArtifactInfo(
                        StorageLayout.MODEL_ONNX, onnx.length, TestModels.sha256(onnx), "s3://" + bucket + "/" + key)),
                List.of()));
    }

    /** Overwrites a version's stored file with bytes that differ from what the registry recorded. */
    public void corrupt(String name, int version, byte[] original) {
        byte[] corrupted = original.clone();
        corrupted[corrupted.length / 2] ^= 0x5a;
        storage.accept(StorageLayout.modelFile(name, version, StorageLayout.MODEL_ONNX), corrupted);
    }
}
