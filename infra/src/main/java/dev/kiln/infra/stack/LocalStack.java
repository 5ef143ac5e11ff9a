package dev.kiln.infra.stack;

import dev.kiln.infra.embedded.EmbeddedKafka;
import dev.kiln.infra.embedded.EmbeddedPostgresServer;
import dev.kiln.infra.embedded.EmbeddedS3;
import dev.kiln.infra.embedded.PostgresEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The whole platform on one machine without Docker: Kafka, S3 and PostgreSQL embedded, then the four services, each
 * in its own JVM. {@link #start} returns once every part is healthy; {@link #close} stops them in reverse order.
 */
public final class LocalStack implements AutoCloseable {
    public static final String BUCKET = "kiln";
    private static final Duration HEALTHY_TIMEOUT = Duration.ofMinutes(4);

    private final StackSettings settings;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Map<String, String> parts = new LinkedHashMap<>();
    private String kafkaBootstrap;
    private dev.kiln.infra.embedded.S3Endpoint s3;
    private PostgresEndpoint postgres;
    private AdminApiKey adminKey;
    private Duration startupTime;

    /** The embedded PostgreSQL's data folder. */
    static Path postgresData(StackSettings settings) {
        return settings.home().resolve("postgres");
    }

    private LocalStack(StackSettings settings) {
        this.settings = settings;
    }

    public static LocalStack start(StackSettings settings, Consumer<String> progress) throws StackException {
        long begin = System.nanoTime();
        Optional<PostgresEndpoint> externalPostgres = Preflight.check(settings, progress);
        LocalStack stack = new LocalStack(settings);
        try {
            stack.startInfrastructure(externalPostgres, progress);
            stack.startServices(progress);
            stack.startupTime = Duration.ofNanos(System.nanoTime() - begin);
            stack.writeState(StackState.READY);
            return stack;
        } catch (StackException e) {
            stack.close();
            throw e;
        } catch (Exception e) {
            stack.close();
            throw new StackException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    private void startInfrastructure(Optional<PostgresEndpoint> externalPostgres, Consumer<String> progress)
            throws Exception {
        Files.createDirectories(settings.logs());
        writeState(StackState.STARTING);
        String host = settings.bindAddress();
        StackSettings.Ports ports = settings.ports();

        EmbeddedKafka kafka =
                EmbeddedKafka.start(settings.home().resolve("kafka"), host, ports.kafka(), ports.kafkaController());
        started.push(kafka);
        kafkaBootstrap = kafka.bootstrapServers();
        parts.put("kafka", kafkaBootstrap);
        progress.accept("Kafka (KRaft) on " + kafkaBootstrap);

        EmbeddedS3 s3Server = EmbeddedS3.start(
                settings.home().resolve("s3"), host, ports.s3(), LocalSecrets.s3Credentials(settings.home()), BUCKET);
        started.push(s3Server);
        s3 = s3Server.endpoint();
        parts.put("s3", s3.url());
        progress.accept("S3 on " + s3.url() + ", bucket " + BUCKET);

        if (externalPostgres.isPresent()) {
            postgres = externalPostgres.get();
            progress.accept("PostgreSQL (KILN_POSTGRES_URL) at " + postgres.jdbcUrl());
        } else {
            EmbeddedPostgresServer server =
                    EmbeddedPostgresServer.start(postgresData(settings), ports.postgres(), "kiln");
            started.push(server);
            postgres = server.endpoint();
            progress.accept("PostgreSQL on " + postgres.jdbcUrl());
        }
        parts.put("postgres", postgres.jdbcUrl());
        writeState(StackState.STARTING);
    }

    private void startServices(Consumer<String> progress) throws StackException, IOException {
        adminKey = AdminApiKey.loadOrCreate(settings.home());
        progress.accept("admin API key in " + settings.home().resolve(AdminApiKey.FILE));
        for (ServiceDefinition definition : ServiceDefinitions.all(settings, kafkaBootstrap, s3, postgres, adminKey)) {
            ServiceProcess process = ServiceProcess.start(definition, settings);
            services.add(process);
            parts.put(definition.name(), process.pid() + " " + definition.healthUrl(healthHost()));
        }
        writeState(StackState.STARTING);
        awaitHealthy(progress);
    }

    private void awaitHealthy(Consumer<String> progress) throws StackException {
        HealthProbe probe = new HealthProbe();
        List<ServiceProcess> waiting = new ArrayList<>(services);
        long deadline = System.nanoTime() + HEALTHY_TIMEOUT.toNanos();
        while (!waiting.isEmpty()) {
            for (ServiceProcess service : List.copyOf(waiting)) {
                if (!service.isAlive()) {
                    throw new StackException(service.definition().name() + " exited with code " + service.exitCode()
                            + " while starting; see " + service.log() + System.lineSeparator()
                            + service.lastLogLines(15));
                }
                if (probe.isUp(service.definition().healthUrl(healthHost()))) {
                    waiting.remove(service);
                    progress.accept(service.definition().name() + " healthy on port "
                            + service.definition().port());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new StackException("not healthy after " + HEALTHY_TIMEOUT.toSeconds() + " s: "
                        + waiting.stream().map(s -> s.definition().name()).toList() + "; see " + settings.logs());
            }
            sleep(250);
        }
    }

    private String healthHost() {
        return "0.0.0.0".equals(settings.bindAddress()) ? "127.0.0.1" : settings.bindAddress();
    }

    private void writeState(String phase) throws IOException {
        new StackState(ProcessHandle.current().pid(), phase, parts).write(settings.stateFile());
    }

    /** The dashboard, with the admin key as a sign-in link ({@code ?key=}): the gateway swaps it for a cookie. */
    public String dashboardUrl() {
        String url = "http://" + healthHost() + ":" + settings.ports().gateway() + "/";
        return adminKey == null
                ? url
                : url + "?key=" + java.net.URLEncoder.encode(adminKey.token(), java.nio.charset.StandardCharsets.UTF_8);
    }

    public Duration startupTime() {
        return startupTime;
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public dev.kiln.infra.embedded.S3Endpoint s3() {
        return s3;
    }

    public PostgresEndpoint postgres() {
        return postgres;
    }

    public StackSettings settings() {
        return settings;
    }

    /** Resident memory of this process and every process it started (services, PostgreSQL), in bytes. */
    public long residentMemoryBytes() {
        return ResidentMemory.ofProcessTree(ProcessHandle.current());
    }

    @Override
    public void close() {
        services.parallelStream().forEach(ServiceProcess::stop);
        services.clear();
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("kiln: while stopping: " + e.getMessage());
            }
        }
        try {
            Files.deleteIfExists(settings.stateFile());
        } catch (IOException ignored) {
            // the next start overwrites a stale state file
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
