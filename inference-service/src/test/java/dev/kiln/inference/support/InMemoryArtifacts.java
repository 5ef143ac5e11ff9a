package dev.kiln.inference.support;

import dev.kiln.inference.error.InferenceException;
import dev.kiln.inference.models.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Artifact bytes kept in memory, for the core's tests (the integration tests use the real S3 store). */
public final class InMemoryArtifacts implements ArtifactStore {
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    public void put(String key, byte[] bytes) {
        objects.put(key, bytes.clone());
    }

    @Override
    public InputStream open(String key) {
        byte[] bytes = objects.get(key);
        if (bytes == null) {
            throw InferenceException.unavailable(describe(key) + " does not exist", null);
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public String describe(String key) {
        return "memory://" + key;
    }
}
