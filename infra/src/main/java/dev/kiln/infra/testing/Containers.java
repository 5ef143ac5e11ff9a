package dev.kiln.infra.testing;

import dev.kiln.infra.embedded.PostgresEndpoint;
import dev.kiln.infra.embedded.S3Credentials;
import dev.kiln.infra.embedded.S3Endpoint;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Kafka, PostgreSQL and MinIO in containers, for machines with a Docker engine (started lazily, per part). */
final class Containers implements AutoCloseable {
    private KafkaContainer kafka;
    private PostgreSQLContainer postgres;
    private MinIOContainer minio;

    String kafka() {
        kafka = new KafkaContainer("apache/kafka:4.1.2");
        kafka.start();
        return kafka.getBootstrapServers();
    }

    PostgresEndpoint postgres() {
        postgres = new PostgreSQLContainer("postgres:17-alpine").withDatabaseName("kiln");
        postgres.start();
        return new PostgresEndpoint(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
    }

    S3Endpoint s3(String bucket) throws Exception {
        minio = new MinIOContainer("minio/minio:RELEASE.2025-04-22T22-12-26Z");
        minio.start();
        S3Endpoint endpoint =
                new S3Endpoint(minio.getS3URL(), new S3Credentials(minio.getUserName(), minio.getPassword()), bucket);
        MinioClient client = endpoint.client();
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        return endpoint;
    }

    @Override
    public void close() {
        for (var container : new org.testcontainers.containers.GenericContainer<?>[] {kafka, postgres, minio}) {
            if (container != null) {
                container.stop();
            }
        }
    }
}
