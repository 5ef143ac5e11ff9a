package dev.kiln.inference.models;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.inference.error.ErrorCode;
import dev.kiln.inference.error.InferenceException;
import dev.kiln.inference.runtime.LoadedModel;
import dev.kiln.inference.runtime.ModelRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one model version: its registry entry (it must be READY and have a {@code model.onnx}), the artifact's bytes
 * from object storage with their sha256 computed while reading, and, only when size and sha256 match the registry's
 * record, an engine session.
 */
public final class ModelLoader {
    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

    private final ModelCatalog catalog;
    private final ArtifactStore store;
    private final ModelRuntime runtime;
    private final long maxModelBytes;

    /** @param maxModelBytes the largest artifact a model may have (the cache's memory bound) */
    public ModelLoader(ModelCatalog catalog, ArtifactStore store, ModelRuntime runtime, long maxModelBytes) {
        this.catalog = catalog;
        this.store = store;
        this.runtime = runtime;
        this.maxModelBytes = maxModelBytes;
    }

    /** A model version's registry entry and its loaded model. */
    public record LoadedVersion(ModelVersionInfo info, LoadedModel model) {}

    /**
     * @throws InferenceException NOT_FOUND for an unknown version; UNAVAILABLE for a version that is not READY, has
     *     no ONNX artifact, is too large, whose bytes do not match the registry's size and sha256, or that the
     *     engine cannot load
     */
    public LoadedVersion load(ModelKey key) {
        ModelVersionInfo info = catalog.version(key.name(), key.version());
        if (!ModelVersionInfo.READY.equals(info.status())) {
            throw unavailable(key, "is " + info.status() + "; only READY versions are served");
        }
        ModelVersionInfo.ArtifactInfo artifact = info.artifact(StorageLayout.MODEL_ONNX)
                .orElseThrow(() -> unavailable(key, "has no " + StorageLayout.MODEL_ONNX + " artifact"));
        if (artifact.sizeBytes() > maxModelBytes) {
            throw unavailable(
                    key,
                    "has a " + artifact.sizeBytes() + "-byte model, more than this server's model memory ("
                            + maxModelBytes + " bytes, kiln.inference.cache.max-memory)");
        }
        byte[] bytes = fetchVerified(key, artifact);
        LoadedModel model = runtime.load(bytes, key.toString());
        log.info("loaded model {} ({} bytes, sha256 {})", key, bytes.length, artifact.sha256());
        return new LoadedVersion(info, model);
    }

    private byte[] fetchVerified(ModelKey key, ModelVersionInfo.ArtifactInfo artifact) {
        String objectKey = StorageLayout.modelFile(key.name(), key.version(), StorageLayout.MODEL_ONNX);
        byte[] bytes;
        String actual;
        try (InputStream in = store.open(objectKey);
                DigestInputStream digest = new DigestInputStream(in, sha256())) {
            bytes = digest.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxModelBytes + 1));
            actual = HexFormat.of().formatHex(digest.getMessageDigest().digest());
        } catch (IOException e) {
            throw InferenceException.unavailable(
                    "reading " + store.describe(objectKey) + " failed: " + e.getMessage(), e);
        }
        String expected = artifact.sha256() == null ? "" : artifact.sha256().toLowerCase(Locale.ROOT);
        if (bytes.length > maxModelBytes || (artifact.sizeBytes() > 0 && bytes.length != artifact.sizeBytes())) {
            throw refused(
                    key, objectKey, "it has " + bytes.length + " bytes, the registry recorded " + artifact.sizeBytes());
        }
        if (!expected.equals(actual)) {
            throw refused(
                    key,
                    objectKey,
                    "its sha256 is " + actual + ", the registry recorded " + (expected.isEmpty() ? "none" : expected));
        }
        return bytes;
    }

    private InferenceException refused(ModelKey key, String objectKey, String why) {
        String message = "model " + key + " was not loaded: its artifact " + store.describe(objectKey)
                + " failed the integrity check (" + why + ")";
        log.error(message);
        return new InferenceException(ErrorCode.UNAVAILABLE, message);
    }

    private static InferenceException unavailable(ModelKey key, String why) {
        return new InferenceException(ErrorCode.UNAVAILABLE, "model " + key + " cannot be served: it " + why);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
