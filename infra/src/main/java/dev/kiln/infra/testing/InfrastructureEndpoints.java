package dev.kiln.infra.testing;

import dev.kiln.infra.embedded.PostgresEndpoint;
import dev.kiln.infra.embedded.S3Endpoint;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Real Kafka, PostgreSQL and S3 for an integration test, and where each came from ({@code environment},
 * {@code testcontainers} or {@code embedded}).
 */
public record InfrastructureEndpoints(
        String kafkaBootstrapServers, PostgresEndpoint postgres, S3Endpoint s3, Map<String, String> sources) {

    /**
     * Spring properties that point a Kiln service at this infrastructure; {@code service} is its configuration
     * prefix ({@code registry}, {@code training}, {@code inference}, {@code gateway}).
     */
    public Map<String, String> springProperties(String service) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers);
        props.put("spring.datasource.url", postgres.jdbcUrl());
        props.put("spring.datasource.username", postgres.user());
        props.put("spring.datasource.password", postgres.password());
        String storage = "kiln." + service + ".storage.";
        props.put(storage + "endpoint", s3.url());
        props.put(storage + "access-key", s3.credentials().accessKey());
        props.put(storage + "secret-key", s3.credentials().secretKey());
        props.put(storage + "bucket", s3.bucket());
        return props;
    }
}
