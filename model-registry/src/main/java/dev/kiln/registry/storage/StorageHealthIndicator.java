package dev.kiln.registry.storage;

import dev.kiln.registry.config.RegistryProperties;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** UP when the S3 server answers and Kiln's bucket exists. */
@Component("storage")
class StorageHealthIndicator implements HealthIndicator {
    private final MinioClient client;
    private final String bucket;

    StorageHealthIndicator(MinioClient client, RegistryProperties properties) {
        this.client = client;
        this.bucket = properties.storage().bucket();
    }

    @Override
    public Health health() {
        try {
            boolean exists = client.bucketExists(
                    BucketExistsArgs.builder().bucket(bucket).build());
            return (exists ? Health.up() : Health.down().withDetail("error", "bucket '" + bucket + "' does not exist"))
                    .withDetail("bucket", bucket)
                    .build();
        } catch (Exception e) {
            return Health.down()
                    .withDetail("error", e.getClass().getSimpleName() + ": " + e.getMessage())
                    .build();
        }
    }
}
