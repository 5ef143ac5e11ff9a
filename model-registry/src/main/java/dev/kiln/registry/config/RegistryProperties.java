package dev.kiln.registry.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the model registry, under {@code kiln.registry}.
 *
 * @param storage the S3 server and bucket
 * @param builtinDatasetsDir where data sets shipped with the machine live ({@code fashion-mnist/…}); each one found
 *     there is registered at start-up when it is not registered yet
 */
@ConfigurationProperties("kiln.registry")
public record RegistryProperties(Storage storage, @DefaultValue("/usr/share/datasets") Path builtinDatasetsDir) {

    /**
     * The S3 server (MinIO in production) that holds data sets and artifacts.
     *
     * @param endpoint the S3 API's URL, e.g. {@code http://minio:9000}
     * @param accessKey the S3 access key
     * @param secretKey the S3 secret key
     * @param bucket the bucket that holds data sets, checkpoints and model artifacts
     */
    public record Storage(String endpoint, String accessKey, String secretKey, String bucket) {}
}
