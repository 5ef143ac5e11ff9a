package dev.kiln.infra.embedded;

import io.minio.MinioClient;

/** Where an S3 server listens, how to sign in, and Kiln's bucket on it. */
public record S3Endpoint(String url, S3Credentials credentials, String bucket) {

    public MinioClient client() {
        return MinioClient.builder()
                .endpoint(url)
                .credentials(credentials.accessKey(), credentials.secretKey())
                .build();
    }
}
