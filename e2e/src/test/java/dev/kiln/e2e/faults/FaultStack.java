package dev.kiln.e2e.faults;

import dev.kiln.infra.embedded.EmbeddedKafka;
import dev.kiln.infra.embedded.EmbeddedPostgresServer;
import dev.kiln.infra.embedded.EmbeddedS3;
import dev.kiln.infra.embedded.PostgresEndpoint;
import dev.kiln.infra.embedded.S3Endpoint;
import dev.kiln.infra.stack.AdminApiKey;
import dev.kiln.infra.stack.LocalSecrets;
import dev.kiln.infra.stack.LocalStack;
import dev.kiln.infra.stack.ServiceDefinition;
import dev.kiln.infra.stack.ServiceDefinitions;
import dev.kiln.infra.stack.ServiceProcess;
import dev.kiln.infra.stack.StackSettings;
import dev.kiln.infra.testing.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local stack as {@code ./kiln up} runs it, but owned by the test so parts can fail one at a time: Kafka, S3 and
 * PostgreSQL run in this JVM (the launcher's own embedded classes, same data folders across a restart) and the
 * services run as child JVMs with the launcher's environment ({@link ServiceDefinitions}). A service can be killed
 * (SIGKILL) and started again; the infrastructure can be stopped and started again on the same port and data.
 *
 * <p>With {@code inferenceReplicas > 1} the extra inference replicas get their own ports and the gateway is given
 * all of them ({@code kiln.gateway.inference-urls}).
 */
public final class FaultStack implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final Duration HEALTHY_TIMEOUT = Duration.ofMinutes(4);

    private final StackSettings settings;
    private final Map<String, ServiceDefinition> definitions = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> running = new LinkedHashMap<>();
    private final AdminApiKey adminKey;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private EmbeddedKafka kafka;
    private EmbeddedS3 s3;
    private EmbeddedPostgresServer postgres;
    private S3Endpoint s3Endpoint;

    private FaultStack(StackSettings settings, AdminApiKey adminKey) {
        this.settings = settings;
        this.adminKey = adminKey;
    }

    /** Starts Kafka, S3, PostgreSQL and every service, and returns once all are healthy. */
    public static FaultStack start(Path home, int inferenceReplicas) throws Exception {
        Map<String, String> env = new HashMap<>(FreePorts.forLocalStack());
        env.put("KILN_HOME", home.toString());
        StackSettings settings = StackSettings.fromEnvironment(env, repository());
        Files.createDirectories(settings.logs());
        FaultStack stack = new FaultStack(settings, AdminApiKey.loadOrCreate(home));
        try {
            stack.startKafka();
            stack.startS3();
            stack.startPostgres();
            stack.define(inferenceReplicas);
            for (String name : stack.definitions.keySet()) {
                stack.running.put(name, ServiceProcess.start(stack.definitions.get(name), settings));
            }
            for (String name : stack.definitions.keySet()) {
                stack.awaitHealthy(name);
            }
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    static Path repository() {
        return Path.of(System.getProperty("kiln.repository", ".."))
                .toAbsolutePath()
                .normalize();
    }

    private void define(int inferenceReplicas) {
        PostgresEndpoint database = postgres.endpoint();
        List<ServiceDefinition> all =
                ServiceDefinitions.all(settings, kafka.bootstrapServers(), s3Endpoint, database, adminKey);
        List<String> inferenceUrls = new ArrayList<>();
        for (ServiceDefinition d : all) {
            if (d.name().equals("inference-service")) {
                definitions.put(inferenceName(0), d);
                inferenceUrls.add("http://" + HOST + ":" + d.port());
                List<Integer> extraPorts = FreePorts.distinct(2 * (inferenceReplicas - 1));
                for (int i = 1; i < inferenceReplicas; i++) {
                    int port = extraPorts.get(2 * (i - 1));
                    Map<String, String> env = new HashMap<>(d.environment());
                    env.put("SERVER_PORT", String.valueOf(port));
                    env.put("KILN_INFERENCE_GRPC_PORT", String.valueOf(extraPorts.get(2 * (i - 1) + 1)));
                    definitions.put(inferenceName(i), new ServiceDefinition(d.name(), port, d.javaOptions(), env));
                    inferenceUrls.add("http://" + HOST + ":" + port);
                }
            } else if (d.name().equals("gateway")) {
                Map<String, String> env = new HashMap<>(d.environment());
                env.put("KILN_GATEWAY_INFERENCE_URLS", String.join(",", inferenceUrls));
                // the load tests send hundreds of requests a second with one key; the per-key limit (20/s) is for users
                env.put("KILN_GATEWAY_RATELIMIT_REQUESTSPERSECOND", "100000");
                env.put("KILN_GATEWAY_RATELIMIT_BURST", "100000");
                definitions.put(d.name(), new ServiceDefinition(d.name(), d.port(), d.javaOptions(), env));
            } else {
                definitions.put(d.name(), d);
            }
        }
    }

    /** The name of inference replica {@code i}: "inference-service" for the first, "inference-service-2", … */
    public static String inferenceName(int i) {
        return i == 0 ? "inference-service" : "inference-service-" + (i + 1);
    }

    // ---- the services

    public int port(String service) {
        return definitions.get(service).port();
    }

    public String url(String service) {
        return "http://" + HOST + ":" + port(service);
    }

    public long pid(String service) {
        return running.get(service).pid();
    }

    public List<String> services() {
        return List.copyOf(running.keySet());
    }

    /** SIGKILL: the process gets no chance to clean up, as when a machine dies. */
    public void kill(String service) throws InterruptedException {
        ServiceProcess process = running.remove(service);
        if (process == null) {
            return;
        }
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(process.pid()).ifPresent(h -> {
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(service + " did not die after SIGKILL", e);
            }
        });
    }

    /** Starts a fresh process of the service (after a kill) without waiting for it to be healthy. */
    public void launch(String service) throws Exception {
        if (running.containsKey(service)) {
            throw new IllegalStateException(service + " is running");
        }
        running.put(service, ServiceProcess.start(definitions.get(service), settings));
    }

    /** Starts a fresh process of the service (after a kill) and waits until it is healthy. */
    public void restart(String service) throws Exception {
        launch(service);
        awaitHealthy(service);
    }

    public void awaitHealthy(String service) throws Exception {
        long deadline = System.nanoTime() + HEALTHY_TIMEOUT.toNanos();
        while (get(url(service) + "/actuator/health") != 200) {
            ServiceProcess process = running.get(service);
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException(service + " is not running; its log ends:" + System.lineSeparator()
                        + (process == null ? "" : process.lastLogLines(30)));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service + " not healthy after " + HEALTHY_TIMEOUT + "; its log ends:"
                        + System.lineSeparator() + process.lastLogLines(30));
            }
            Thread.sleep(250);
        }
    }

    /** The HTTP status of a GET, or -1 when nothing answers within 5 s. */
    public int get(String url) {
        return get(url, Duration.ofSeconds(5));
    }

    /** The HTTP status of a GET, or -1 when nothing answers in time. */
    public int get(String url, Duration timeout) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .GET()
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public String logTail(String service, int lines) {
        ServiceProcess process = running.get(service);
        return process == null ? "(not running)" : process.lastLogLines(lines);
    }

    public Path logs() {
        return settings.logs();
    }

    // ---- the infrastructure

    public void startKafka() throws Exception {
        kafka = EmbeddedKafka.start(
                settings.home().resolve("kafka"),
                HOST,
                settings.ports().kafka(),
                settings.ports().kafkaController());
    }

    public void stopKafka() {
        kafka.close();
        kafka = null;
    }

    public String kafkaBootstrap() {
        return HOST + ":" + settings.ports().kafka();
    }

    public void startS3() throws Exception {
        s3 = EmbeddedS3.start(
                settings.home().resolve("s3"),
                HOST,
                settings.ports().s3(),
                LocalSecrets.s3Credentials(settings.home()),
                LocalStack.BUCKET);
        s3Endpoint = s3.endpoint();
    }

    public void stopS3() throws Exception {
        s3.close();
        s3 = null;
    }

    public S3Endpoint s3() {
        return s3Endpoint;
    }

    public void startPostgres() throws Exception {
        postgres = EmbeddedPostgresServer.start(
                settings.home().resolve("postgres"), settings.ports().postgres(), "kiln");
    }

    public void stopPostgres() throws Exception {
        postgres.close();
        postgres = null;
    }

    public PostgresEndpoint postgres() {
        return new PostgresEndpoint(
                "jdbc:postgresql://127.0.0.1:" + settings.ports().postgres() + "/kiln", "postgres", "");
    }

    public String apiKey() {
        return adminKey.token();
    }

    /** The gateway as a client sees it, signed in with the admin key. */
    public KilnClient client() {
        return new KilnClient(url("gateway"), adminKey.token());
    }

    @Override
    public void close() {
        running.values().parallelStream().forEach(ServiceProcess::stop);
        running.clear();
        List<AutoCloseable> parts = new ArrayList<>();
        parts.add(postgres);
        parts.add(s3);
        parts.add(kafka);
        for (AutoCloseable part : parts) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.err.println("while stopping: " + e);
                }
            }
        }
    }
}
