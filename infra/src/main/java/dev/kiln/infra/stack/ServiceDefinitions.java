package dev.kiln.infra.stack;

import dev.kiln.infra.embedded.PostgresEndpoint;
import dev.kiln.infra.embedded.S3Endpoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The four services of the local stack, wired to the embedded (or given) Kafka, S3 and PostgreSQL. */
public final class ServiceDefinitions {
    private static final List<String> COMMON_JVM =
            List.of("-XX:+UseSerialGC", "-Xss512k", "-XX:+ExitOnOutOfMemoryError");

    private ServiceDefinitions() {}

    public static List<ServiceDefinition> all(
            StackSettings settings,
            String kafkaBootstrap,
            S3Endpoint s3,
            PostgresEndpoint postgres,
            AdminApiKey adminKey) {
        StackSettings.Ports ports = settings.ports();
        String host = settings.bindAddress();
        String loopback = "0.0.0.0".equals(host) ? "127.0.0.1" : host;
        String registryUrl = "http://" + loopback + ":" + ports.registry();
        String inferenceUrl = "http://" + loopback + ":" + ports.inference();

        Map<String, String> registry = base(host, ports.registry(), kafkaBootstrap);
        registry.put("SPRING_DATASOURCE_URL", postgres.jdbcUrl());
        registry.put("SPRING_DATASOURCE_USERNAME", postgres.user());
        registry.put("SPRING_DATASOURCE_PASSWORD", postgres.password());
        registry.putAll(storage("KILN_REGISTRY_STORAGE", s3));

        Map<String, String> training = base(host, ports.training(), kafkaBootstrap);
        training.putAll(storage("KILN_TRAINING_STORAGE", s3));
        training.put(
                "KILN_TRAINING_WORK_DIR",
                settings.home().resolve("work").resolve("training").toString());

        Map<String, String> inference = base(host, ports.inference(), kafkaBootstrap);
        inference.putAll(storage("KILN_INFERENCE_STORAGE", s3));
        inference.put("KILN_INFERENCE_REGISTRY_URL", registryUrl);
        inference.put("KILN_INFERENCE_GRPC_PORT", String.valueOf(ports.inferenceGrpc()));

        Map<String, String> gateway = base(host, ports.gateway(), kafkaBootstrap);
        gateway.put("KILN_GATEWAY_REGISTRY_URL", registryUrl);
        gateway.put("KILN_GATEWAY_INFERENCE_URL", inferenceUrl);
        gateway.put("KILN_GATEWAY_GRPC_PORT", String.valueOf(ports.gatewayGrpc()));
        // only the id and the hash: the key itself stays in $KILN_HOME/api-key
        gateway.put("KILN_GATEWAY_BOOTSTRAP_ADMIN_KEY_ID", adminKey.id());
        gateway.put("KILN_GATEWAY_BOOTSTRAP_ADMIN_KEY_SHA256", adminKey.sha256());

        return List.of(
                new ServiceDefinition("model-registry", ports.registry(), jvm("256m"), registry),
                new ServiceDefinition("training-service", ports.training(), jvm("1g"), training),
                new ServiceDefinition("inference-service", ports.inference(), jvm("512m"), inference),
                new ServiceDefinition("gateway", ports.gateway(), jvm("256m"), gateway));
    }

    private static List<String> jvm(String maxHeap) {
        return concat(COMMON_JVM, List.of("-Xmx" + maxHeap));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static Map<String, String> base(String host, int port, String kafkaBootstrap) {
        Map<String, String> env = new HashMap<>();
        env.put("SERVER_ADDRESS", host);
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        return env;
    }

    private static Map<String, String> storage(String prefix, S3Endpoint s3) {
        return Map.of(
                prefix + "_ENDPOINT", s3.url(),
                prefix + "_ACCESS_KEY", s3.credentials().accessKey(),
                prefix + "_SECRET_KEY", s3.credentials().secretKey(),
                prefix + "_BUCKET", s3.bucket());
    }
}
