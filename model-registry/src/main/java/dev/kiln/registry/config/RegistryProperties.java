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

    /** The S3 server (MinIO in production) that holds data sets and artifacts. */
    public record Storage(String endpoint, String accessKey, String secretKey, String bucket) {}
}
