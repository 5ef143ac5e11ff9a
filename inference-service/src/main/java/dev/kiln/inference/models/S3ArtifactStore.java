package dev.kiln.inference.models;

import dev.kiln.inference.error.InferenceException;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import java.io.InputStream;

/** {@link ArtifactStore} over an S3 API (MinIO in production, S3Proxy in the local stack) with the MinIO client. */
public final class S3ArtifactStore implements ArtifactStore {
    private final MinioClient client;
    private final String bucket;

    public S3ArtifactStore(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    @Override
    public InputStream open(String key) {
        try {
            return client.getObject(
                    GetObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (ErrorResponseException e) {
            String code = e.errorResponse() == null ? "" : e.errorResponse().code();
            throw InferenceException.unavailable(
                    describe(key) + " cannot be read: " + ("NoSuchKey".equals(code) ? "it does not exist" : code), e);
        } catch (Exception e) {
            throw InferenceException.unavailable(
                    "object storage cannot be reached to read " + describe(key) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe(String key) {
        return "s3://" + bucket + "/" + key;
    }
}
