package dev.kiln.inference.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings of an inference replica, under {@code kiln.inference}. */
@ConfigurationProperties("kiln.inference")
public record InferenceProperties(
        Storage storage,
        @DefaultValue("http://127.0.0.1:8081") String registryUrl,
        @DefaultValue("9090") int grpcPort) {

    /** The S3 server (MinIO in production) that holds model artifacts. */
    public record Storage(String endpoint, String accessKey, String secretKey, String bucket) {}
}
