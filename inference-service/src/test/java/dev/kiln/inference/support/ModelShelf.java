package dev.kiln.inference.support;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.inference.models.ModelVersionInfo;
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
