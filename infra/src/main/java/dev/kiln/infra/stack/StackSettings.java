package dev.kiln.infra.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the local stack needs to know, read from the environment with local defaults: where its data lives
 * ({@code KILN_HOME}), where the service jars are, which address and ports it takes, and an optional PostgreSQL of
 * the user's own ({@code KILN_POSTGRES_URL}).
 */
public record StackSettings(
        Path home,
        Path repository,
        String bindAddress,
        Ports ports,
        Optional<String> postgresUrl,
        List<String> serviceJavaOptions) {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    /** Every port the stack takes, with the part that uses it. */
    public record Ports(
            int gateway,
            int gatewayGrpc,
            int registry,
            int inference,
            int inferenceGrpc,
            int training,
            int kafka,
            int kafkaController,
            int s3,
            int postgres) {

        public static Ports defaults() {
            return new Ports(8080, 9091, 8081, 8082, 9090, 8083, 9092, 9093, 9000, 5433);
        }

        public List<PortSetting> settings(boolean embeddedPostgres) {
            List<PortSetting> all = new ArrayList<>(List.of(
                    new PortSetting("gateway", "KILN_GATEWAY_PORT", gateway),
                    new PortSetting("gateway gRPC", "KILN_GATEWAY_GRPC_PORT", gatewayGrpc),
                    new PortSetting("model-registry", "KILN_REGISTRY_PORT", registry),
                    new PortSetting("inference-service", "KILN_INFERENCE_PORT", inference),
                    new PortSetting("inference-service gRPC", "KILN_INFERENCE_GRPC_PORT", inferenceGrpc),
                    new PortSetting("training-service", "KILN_TRAINING_PORT", training),
                    new PortSetting("Kafka", "KILN_KAFKA_PORT", kafka),
                    new PortSetting("Kafka controller", "KILN_KAFKA_CONTROLLER_PORT", kafkaController),
                    new PortSetting("S3", "KILN_S3_PORT", s3)));
            if (embeddedPostgres) {
                all.add(new PortSetting("PostgreSQL", "KILN_POSTGRES_PORT", postgres));
            }
            return all;
        }
    }

    public static StackSettings fromEnvironment(Map<String, String> env, Path repository) throws StackException {
        Path home = Path.of(env.getOrDefault("KILN_HOME", System.getProperty("user.home") + "/.kiln"))
                .toAbsolutePath()
                .normalize();
        Ports d = Ports.defaults();
        Ports ports = new Ports(
                port(env, "KILN_GATEWAY_PORT", d.gateway()),
                port(env, "KILN_GATEWAY_GRPC_PORT", d.gatewayGrpc()),
                port(env, "KILN_REGISTRY_PORT", d.registry()),
                port(env, "KILN_INFERENCE_PORT", d.inference()),
                port(env, "KILN_INFERENCE_GRPC_PORT", d.inferenceGrpc()),
                port(env, "KILN_TRAINING_PORT", d.training()),
                port(env, "KILN_KAFKA_PORT", d.kafka()),
                port(env, "KILN_KAFKA_CONTROLLER_PORT", d.kafkaController()),
                port(env, "KILN_S3_PORT", d.s3()),
                port(env, "KILN_POSTGRES_PORT", d.postgres()));
        String javaOptions = env.getOrDefault("KILN_SERVICE_JAVA_OPTS", "");
        return new StackSettings(
                home,
                repository,
                env.getOrDefault("KILN_BIND_ADDRESS", DEFAULT_BIND_ADDRESS),
                ports,
                Optional.ofNullable(env.get("KILN_POSTGRES_URL")).filter(s -> !s.isBlank()),
                javaOptions.isBlank() ? List.of() : List.of(javaOptions.trim().split("\\s+")));
    }

    private static int port(Map<String, String> env, String variable, int fallback) throws StackException {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new StackException(variable + "='" + value + "' is not a port; use a number from 1 to 65535");
    }

    public Path logs() {
        return home.resolve("logs");
    }

    public Path stateFile() {
        return home.resolve("run").resolve("stack.properties");
    }

    public Path serviceJar(String service) {
        return repository.resolve(service).resolve("target").resolve(service + ".jar");
    }
}
