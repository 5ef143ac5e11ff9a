package dev.kiln.registry.storage;

import dev.kiln.registry.config.RegistryProperties;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Kiln's bucket, as the registry uses it: streamed puts and gets, stat and delete. MinIO's checked exceptions become
 * {@link MissingObjectException} (no such key) or {@link StorageException} (anything else).
 */
@Component
public class ObjectStore {
    /** Part size of multipart uploads: S3's minimum, so a streamed upload buffers at most one such part. */
    static final long PART_SIZE = 5L * 1024 * 1024;

    private final MinioClient client;
    private final String bucket;

    ObjectStore(MinioClient client, RegistryProperties properties) {
        this.client = client;
        this.bucket = properties.storage().bucket();
    }

    public String bucket() {
        return bucket;
    }

    /** {@code s3://{bucket}/{key}}. */
    public String uri(String key) {
        return JobArtifactLayout.uri(bucket, key);
    }

    /** Creates the bucket when it does not exist yet. */
    public void ensureBucket() {
        call("create bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
    }

    /**
     * Streams {@code size} bytes (or an unknown length, -1) to the key. The S3 client buffers one part (5 MiB) of a
     * stream at a time; for files on disk use {@link #putFile}, which buffers nothing.
     */
    public void put(String key, InputStream in, long size, String contentType) {
        call(
                "put " + key,
                () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(in, size, PART_SIZE)
                        .contentType(contentType)
                        .build()));
    }

    /**
     * Uploads a file. Unlike a stream, a file is read part by part straight from disk while it is sent, so the client
     * holds no part buffer at all.
     */
    public void putFile(String key, Path file, String contentType) {
        call(
                "put " + key,
                () -> client.uploadObject(UploadObjectArgs.builder()
                        .bucket(bucket)
                        .object(key)
                        .filename(file.toString(), PART_SIZE)
                        .contentType(contentType)
                        .build()));
    }

    /** Streams bytes to the key and hashes them on the way: nothing is held beyond the client's one part. */
    public StoredObject putHashed(String key, InputStream in, long size, String contentType) {
        MessageDigest sha256 = Sha256.newDigest();
        CountingInputStream counting = new CountingInputStream(new DigestInputStream(in, sha256));
        put(key, counting, size, contentType);
        return new StoredObject(key, uri(key), counting.count(), Sha256.hex(sha256.digest()));
    }

    /** Copies an object through this process, hashing it as it passes (S3's own copy would not tell its sha256). */
    public StoredObject copyHashed(String sourceKey, String targetKey, String contentType) {
        long size = size(sourceKey).orElseThrow(() -> new MissingObjectException(sourceKey));
        try (InputStream in = open(sourceKey)) {
            return putHashed(targetKey, in, size, contentType);
        } catch (java.io.IOException e) {
            throw new StorageException("could not copy " + sourceKey + " to " + targetKey + ": " + e.getMessage(), e);
        }
    }

    public void putBytes(String key, byte[] bytes, String contentType) {
        put(key, new ByteArrayInputStream(bytes), bytes.length, contentType);
    }

    /** The object's bytes as a stream; close it. */
    public InputStream open(String key) {
        return call(
                "get " + key,
                () -> client.getObject(
                        GetObjectArgs.builder().bucket(bucket).object(key).build()));
    }

    public byte[] readAll(String key) {
        try (InputStream in = open(key)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new StorageException("could not read " + key + ": " + e.getMessage(), e);
        }
    }

    /** The object's size, or empty when there is none. */
    public Optional<Long> size(String key) {
        try {
            return Optional.of(call(
                            "stat " + key,
                            () -> client.statObject(StatObjectArgs.builder()
                                    .bucket(bucket)
                                    .object(key)
                                    .build()))
                    .size());
        } catch (MissingObjectException e) {
            return Optional.empty();
        }
    }

    public void delete(String key) {
        call("delete " + key, () -> {
            client.removeObject(
                    RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    /** Deletes every object whose key starts with the prefix. */
    public void deletePrefix(String prefix) {
        List<String> keys = call("list " + prefix, () -> {
            List<String> found = new ArrayList<>();
            for (var item : client.listObjects(ListObjectsArgs.builder()
                    .bucket(bucket)
                    .prefix(prefix)
                    .recursive(true)
                    .build())) {
                found.add(item.get().objectName());
            }
            return found;
        });
        keys.forEach(this::delete);
    }

    private interface StorageCall<T> {
        T run() throws Exception;
    }

    private static <T> T call(String what, StorageCall<T> call) {
        try {
            return call.run();
        } catch (ErrorResponseException e) {
            String code = e.errorResponse() == null ? "" : e.errorResponse().code();
            if ("NoSuchKey".equals(code) || "NoSuchObject".equals(code)) {
                throw new MissingObjectException(what.substring(what.indexOf(' ') + 1));
            }
            throw new StorageException(what + " failed: " + code + " " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageException(what + " failed: " + e.getMessage(), e);
        }
    }
}
