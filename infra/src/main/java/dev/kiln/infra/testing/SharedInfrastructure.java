package dev.kiln.infra.testing;

import dev.kiln.infra.embedded.EmbeddedKafka;
import dev.kiln.infra.embedded.EmbeddedPostgresServer;
import dev.kiln.infra.embedded.EmbeddedS3;
import dev.kiln.infra.embedded.PostgresEndpoint;
import dev.kiln.infra.embedded.S3Credentials;
import dev.kiln.infra.embedded.S3Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/** The one set of test infrastructure of this JVM, started on first use and stopped at exit. */
final class SharedInfrastructure {
    static final String BUCKET = "kiln-test";
    private static InfrastructureEndpoints endpoints;
    private static final Deque<AutoCloseable> RUNNING = new ArrayDeque<>();

    private SharedInfrastructure() {}

    static synchronized InfrastructureEndpoints get() {
        if (endpoints == null) {
            Runtime.getRuntime().addShutdownHook(new Thread(SharedInfrastructure::stopAll));
            try {
                endpoints = start(System.getenv());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("could not start test infrastructure: " + e.getMessage(), e);
            }
        }
        return endpoints;
    }

    private static InfrastructureEndpoints start(Map<String, String> env) throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        Optional<Containers> containers = Optional.empty();
        boolean needContainers = !env.containsKey("KILN_TEST_KAFKA_BOOTSTRAP_SERVERS")
                || !env.containsKey("KILN_TEST_POSTGRES_URL")
                || !env.containsKey("KILN_TEST_S3_ENDPOINT");
        if (needContainers && dockerAvailable()) {
            containers = Optional.of(new Containers());
            RUNNING.push(containers.get());
        }
        Path dir = Files.createTempDirectory("kiln-test-infra");
        RUNNING.addLast(() -> deleteRecursively(dir));

        String kafka = env.get("KILN_TEST_KAFKA_BOOTSTRAP_SERVERS");
        if (kafka != null) {
            sources.put("kafka", "environment");
        } else if (containers.isPresent()) {
            kafka = containers.get().kafka();
            sources.put("kafka", "testcontainers");
        } else {
            EmbeddedKafka embedded = EmbeddedKafka.start(dir.resolve("kafka"), "127.0.0.1", freePort(), freePort());
            RUNNING.push(embedded);
            kafka = embedded.bootstrapServers();
            sources.put("kafka", "embedded");
        }

        PostgresEndpoint postgres;
        if (env.containsKey("KILN_TEST_POSTGRES_URL")) {
            postgres = PostgresEndpoint.parse("KILN_TEST_POSTGRES_URL", env.get("KILN_TEST_POSTGRES_URL"));
            sources.put("postgres", "environment");
        } else if (containers.isPresent()) {
            postgres = containers.get().postgres();
            sources.put("postgres", "testcontainers");
        } else {
            EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(dir.resolve("postgres"), freePort(), "kiln");
            RUNNING.push(embedded);
            postgres = embedded.endpoint();
            sources.put("postgres", "embedded");
        }

        S3Endpoint s3;
        if (env.containsKey("KILN_TEST_S3_ENDPOINT")) {
            s3 = new S3Endpoint(
                    env.get("KILN_TEST_S3_ENDPOINT"),
                    new S3Credentials(env.get("KILN_TEST_S3_ACCESS_KEY"), env.get("KILN_TEST_S3_SECRET_KEY")),
                    env.getOrDefault("KILN_TEST_S3_BUCKET", BUCKET));
            sources.put("s3", "environment");
        } else if (containers.isPresent()) {
            s3 = containers.get().s3(BUCKET);
            sources.put("s3", "testcontainers");
        } else {
            EmbeddedS3 embedded = EmbeddedS3.start(
                    dir.resolve("s3"),
                    "127.0.0.1",
                    freePort(),
                    new S3Credentials("kiln-test", "kiln-test-secret"),
                    BUCKET);
            RUNNING.push(embedded);
            s3 = embedded.endpoint();
            sources.put("s3", "embedded");
        }
        System.out.println("Kiln test infrastructure: " + sources);
        return new InfrastructureEndpoints(kafka, postgres, s3, Map.copyOf(sources));
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    private static synchronized void stopAll() {
        while (!RUNNING.isEmpty()) {
            try {
                RUNNING.pop().close();
            } catch (Exception e) {
                System.err.println("stopping test infrastructure: " + e.getMessage());
            }
        }
    }
}
