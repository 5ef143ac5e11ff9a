package dev.kiln.inference.models;

import java.io.InputStream;

/** Where artifact bytes are kept: Kiln's bucket in MinIO or any S3 API. */
public interface ArtifactStore {
    /**
     * Opens an object for reading.
     *
     * @param key the object key, e.g. {@code models/fashion/3/model.onnx}
     * @throws dev.kiln.inference.error.InferenceException UNAVAILABLE if it is missing or the store is unreachable
     */
    InputStream open(String key);

    /** Where a key lives, for messages: {@code s3://bucket/key}. */
    String describe(String key);
}
