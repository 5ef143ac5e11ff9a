package dev.kiln.registry.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the model registry, under {@code kiln.registry}. */
@ConfigurationProperties("kiln.registry")
public record RegistryProperties(Storage storage) {

    /** The S3 server (MinIO in production) that holds data sets and artifacts. */
    public record Storage(String endpoint, String accessKey, String secretKey, String bucket) {}
}
