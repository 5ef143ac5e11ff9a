package dev.kiln.infra.compose;

import static dev.kiln.infra.compose.RenderedCompose.list;
import static dev.kiln.infra.compose.RenderedCompose.map;
import static dev.kiln.infra.compose.RenderedCompose.strings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.infra.compose.RenderedCompose.Mount;
import dev.kiln.infra.tools.ExternalCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml, checked without a Docker engine: Compose accepts it (docker-compose 1.29 {@code config}), and the
 * rendered stack is wired the way the platform needs it: health-gated start-up, compose host names, one set of
 * credentials, unprivileged images, named volumes, a GPU trainer that reserves the GPUs.
 */
class ComposeFileTests {
    private static final List<String> ALL_PROFILES = List.of("gpu", "observability");
    private static final Set<String> MODULES =
            Set.of("gateway", "model-registry", "training-service", "inference-service");

    private static Path root;
    private static Path composeFile;
    private static ComposeCli compose;
    private static RenderedCompose config;

    @BeforeAll
    static void renderTheStackWithEveryProfile() {
        // surefire runs in the module folder (infra/); the compose file sits at the repository root above it
        root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        composeFile = root.resolve("docker-compose.yml");
        assertThat(composeFile).as("the compose file at the repository root").isRegularFile();
        compose = ComposeCli.onPath(root);
        ExternalCommand.Result rendered = compose.config(composeFile, ALL_PROFILES, false);
        assertThat(rendered.exitCode())
                .as("docker-compose config said:%n%s", rendered.stderr())
                .isZero();
        config = RenderedCompose.parse(rendered.stdout());
    }

    @Test
    void isValidComposeForTheDefaultStackAndWithEveryProfile() {
        for (List<String> profiles : List.of(List.<String>of(), ALL_PROFILES)) {
            ExternalCommand.Result result = compose.config(composeFile, profiles, true);
            assertThat(result.exitCode())
                    .as("docker-compose with profiles %s config -q said:%n%s", profiles, result.stderr())
                    .isZero();
        }
    }

    record Mistake(String description, String original, String mistaken, String reported) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Mistake> mistakes() {
        return Stream.of(
                new Mistake("a misspelled key", "    depends_on:\n", "    depends_onn:\n", "depends_onn"),
                new Mistake(
                        "the service-level gpus key",
                        "  training-service-gpu:\n",
                        "  training-service-gpu:\n    gpus: all\n",
                        "'gpus'"),
                new Mistake(
                        "an unknown depends_on condition",
                        "condition: service_completed_successfully",
                        "condition: service_completed",
                        "service_completed"),
                new Mistake(
                        "a dependency on a service that does not exist",
                        "      minio-init:\n        condition:",
                        "      minio-inti:\n        condition:",
                        "minio-inti"),
                new Mistake("an undeclared named volume", "  kafka-data: {}\n", "  kafka-dta: {}\n", "kafka-data"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void validatorRejectsACopyWithAMistakeThatItAcceptsWithout(Mistake mistake, @TempDir Path dir) throws IOException {
        String text = Files.readString(composeFile);
        assertThat(text)
                .as("docker-compose.yml to contain the text this test alters")
                .contains(mistake.original());
        Path copy = dir.resolve("docker-compose.yml");
        Files.writeString(copy, text);
        ExternalCommand.Result unchanged = compose.config(copy, ALL_PROFILES, true);
        assertThat(unchanged.exitCode())
                .as("the unchanged copy: %s", unchanged.stderr())
                .isZero();

        Files.writeString(
                copy,
                text.replaceFirst(Pattern.quote(mistake.original()), Matcher.quoteReplacement(mistake.mistaken())));
        ExternalCommand.Result mistaken = compose.config(copy, ALL_PROFILES, true);
        assertThat(mistaken.exitCode()).as("exit code with %s", mistake).isNotZero();
        assertThat(mistaken.stderr()).contains(mistake.reported());
    }

    @Test
    void kilnServicesAreBuiltFromThisRepositoryForTheirModule() {
        assertThat(config.builtServices())
                .containsExactlyInAnyOrder(
                        "gateway", "model-registry", "training-service", "training-service-gpu", "inference-service");
        for (String service : config.builtServices()) {
            Map<String, String> args = config.buildArgs(service);
            assertThat(Path.of(String.valueOf(config.build(service).get("context"))))
                    .as("%s build context", service)
                    .isEqualTo(root);
            // docker-compose 1.29 does not check that the Dockerfile exists
            assertThat(dockerfileOf(service)).as("%s Dockerfile", service).isRegularFile();
            assertThat(args.get("MODULE")).as("%s MODULE", service).isIn(MODULES);
            assertThat(service).startsWith(args.get("MODULE"));
            assertThat(Set.of(args.getOrDefault("PORTS", "").split(" ")))
                    .as("%s PORTS (the image's EXPOSE)", service)
                    .containsAll(listeningPorts(service).stream()
                            .map(String::valueOf)
                            .toList());
        }
    }

    @Test
    void kilnServicesAreHealthyOnlyWhenTheirReadinessProbeSaysSo() {
        for (String service : config.builtServices()) {
            String port = config.env(service).get("SERVER_PORT");
            assertThat(port).as("%s SERVER_PORT", service).isNotBlank();
            assertThat(config.healthcheck(service))
                    .as("%s health check", service)
                    .contains("http://localhost:" + port + "/actuator/health/readiness");
            assertThat(config.service(service).get("restart")).isEqualTo("unless-stopped");
        }
    }

    @Test
    void servicesWaitForDependenciesToBeHealthyOrDoneNotMerelyStarted() {
        for (String service : config.serviceNames()) {
            config.dependsOn(service).forEach((dependency, condition) -> {
                assertThat(condition)
                        .as("%s -> %s", service, dependency)
                        .isIn("service_healthy", "service_completed_successfully");
                if (condition.equals("service_healthy")) {
                    assertThat(config.healthcheck(dependency))
                            .as("%s waits for %s to be healthy, which has no health check", service, dependency)
                            .isNotNull();
                } else {
                    assertThat(config.service(dependency).get("restart"))
                            .as("%s is a one-shot job", dependency)
                            .isEqualTo("no");
                }
            });
        }
    }

    @Test
    void everyServiceAKilnServiceTalksToIsOneItWaitsFor() {
        for (String service : config.builtServices()) {
            Map<String, String> env = config.env(service);
            Set<String> dependencies = config.dependsOn(service).keySet();
            for (Endpoint endpoint : Endpoint.in(env)) {
                assertThat(dependencies)
                        .as("%s reaches %s through %s", service, endpoint.host(), endpoint.variable())
                        .contains(endpoint.host());
            }
            if (env.keySet().stream().anyMatch(name -> name.endsWith("_STORAGE_BUCKET"))) {
                assertThat(config.dependsOn(service))
                        .as("%s uses the bucket that minio-init creates", service)
                        .containsEntry("minio-init", "service_completed_successfully");
            }
        }
    }

    @Test
    void kilnServicesReachEveryEndpointByItsComposeNameOnAPortItListensOn() {
        assertThat(List.of(config.env("kafka").get("KAFKA_ADVERTISED_LISTENERS").split(",")))
                .as("Kafka must advertise the name clients on the network resolve")
                .allSatisfy(listener -> assertThat(listener).contains("//kafka:"));
        for (String service : config.builtServices()) {
            Map<String, String> env = config.env(service);
            assertThat(env).as("%s environment", service).containsKey("SPRING_KAFKA_BOOTSTRAP_SERVERS");
            assertThat(env.values())
                    .as("%s: inside a container localhost is the container itself", service)
                    .noneMatch(value -> value.contains("localhost") || value.contains("127.0.0.1"));
            for (Endpoint endpoint : Endpoint.in(env)) {
                assertThat(config.serviceNames()).as("host of %s", endpoint).contains(endpoint.host());
                assertThat(listeningPorts(endpoint.host()))
                        .as("%s of %s", endpoint, service)
                        .contains(endpoint.port());
            }
        }
    }

    @Test
    void kilnServicesUseTheCredentialsTheInfrastructureIsCreatedWith() {
        Map<String, String> postgres = config.env("postgres");
        Map<String, String> registry = config.env("model-registry");
        assertThat(registry.get("SPRING_DATASOURCE_URL")).endsWith("/" + postgres.get("POSTGRES_DB"));
        assertThat(registry.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(postgres.get("POSTGRES_USER"));
        assertThat(registry.get("SPRING_DATASOURCE_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));

        Map<String, String> minio = config.env("minio");
        Map<String, String> init = config.env("minio-init");
        assertThat(init).containsEntry("S3_ACCESS_KEY", minio.get("MINIO_ROOT_USER"));
        assertThat(init).containsEntry("S3_SECRET_KEY", minio.get("MINIO_ROOT_PASSWORD"));
        assertThat(String.join(" ", strings(config.service("minio-init").get("command"))))
                .contains("mc mb")
                .contains("S3_BUCKET");
        for (String service : config.builtServices()) {
            config.env(service).forEach((name, value) -> {
                if (name.endsWith("_STORAGE_ACCESS_KEY")) {
                    assertThat(value).as("%s %s", service, name).isEqualTo(minio.get("MINIO_ROOT_USER"));
                } else if (name.endsWith("_STORAGE_SECRET_KEY")) {
                    assertThat(value).as("%s %s", service, name).isEqualTo(minio.get("MINIO_ROOT_PASSWORD"));
                } else if (name.endsWith("_STORAGE_BUCKET")) {
                    assertThat(value).as("%s %s", service, name).isEqualTo(init.get("S3_BUCKET"));
                }
            });
        }
        assertThat(minio.get("MINIO_ROOT_PASSWORD"))
                .as("MinIO refuses shorter passwords")
                .hasSizeGreaterThan(7);
    }

    @Test
    void onlyTheGatewayIsPublishedByDefault() {
        Map<String, Set<Integer>> published = new TreeMap<>();
        Map<String, Set<Integer>> publishedByDefault = new TreeMap<>();
        for (String service : config.serviceNames()) {
            Set<Integer> targets = config.publishedTargets(service);
            if (!targets.isEmpty()) {
                published.put(service, targets);
                if (config.profiles(service).isEmpty()) {
                    publishedByDefault.put(service, targets);
                }
            }
        }
        assertThat(publishedByDefault).isEqualTo(Map.of("gateway", Set.of(8080, 9091)));
        assertThat(published.keySet())
                .as("with every profile")
                .containsExactlyInAnyOrder("gateway", "prometheus", "grafana");
    }

    @Test
    void trainersNeverDownloadAndEachTrainsOnItsHardware() {
        assertThat(config.env("training-service")).containsEntry("KILN_TRAINING_DEVICE", "cpu");
        assertThat(config.env("training-service-gpu")).containsEntry("KILN_TRAINING_DEVICE", "gpu");
        for (String trainer : List.of("training-service", "training-service-gpu")) {
            assertThat(config.env(trainer))
                    .as(trainer)
                    .containsEntry("OPT_OUT_TRACKING", "true")
                    .containsEntry("DJL_OFFLINE", "true")
                    .doesNotContainKey("PYTORCH_VERSION");
        }
        assertThat(config.profiles("training-service"))
                .as("the CPU trainer runs by default")
                .isEmpty();
        assertThat(config.profiles("training-service-gpu")).containsExactly("gpu");
    }

    @Test
    void everySpringSettingAServiceIsGivenIsOneItsApplicationYamlDeclares() throws IOException {
        for (String service : config.builtServices()) {
            String module = config.buildArgs(service).get("MODULE");
            Path applicationYaml = root.resolve(module).resolve("src/main/resources/application.yaml");
            Set<String> keys = SpringSettings.declaredIn(applicationYaml);
            for (String variable : config.env(service).keySet()) {
                if (SpringSettings.isSpringVariable(variable)) {
                    assertThat(keys)
                            .as(
                                    "%s sets %s, which matches no key of %s, so Spring would ignore it; declare the"
                                            + " setting there with its default, or drop the variable",
                                    service, variable, root.relativize(applicationYaml))
                            .contains(SpringSettings.canonical(variable));
                }
            }
        }
    }

    @Test
    void gpuTrainerReservesTheNvidiaGpusAndRunsTheCudaBuildOfLibtorch() throws IOException {
        List<Object> devices = list(map(config.service("training-service-gpu"), "deploy", "resources", "reservations")
                .get("devices"));
        assertThat(devices).anySatisfy(device -> {
            assertThat(map(device)).containsEntry("driver", "nvidia");
            assertThat(strings(map(device).get("capabilities"))).contains("gpu");
        });
        assertThat(config.service("training-service-gpu")).doesNotContainKey("gpus");
        for (String service : config.serviceNames()) {
            if (!service.equals("training-service-gpu")) {
                assertThat(map(config.service(service), "deploy", "resources", "reservations"))
                        .as("%s reserves no devices", service)
                        .doesNotContainKey("devices");
            }
        }
        Map<String, String> gpuImage = image("training-service-gpu").env();
        assertThat(gpuImage).containsEntry("PYTORCH_FLAVOR", "cu128").containsKey("PYTORCH_LIBRARY_PATH");
        assertThat(image("training-service").env()).doesNotContainKeys("PYTORCH_FLAVOR", "PYTORCH_LIBRARY_PATH");
    }

    @Test
    void kilnImagesRunUnprivilegedWithoutTelemetryAndHaveTheirHealthCheckTool() throws IOException {
        for (String service : config.builtServices()) {
            DockerfileStages.Resolved image = image(service);
            assertThat(image.user())
                    .as("%s: no USER in stages %s, so the base image's user (root) would apply", service, image.chain())
                    .isPresent();
            String uid = image.user().get().split(":")[0];
            assertThat(uid).as("%s runs as", service).isNotIn("root", "0");
            assertThat(config.service(service))
                    .as("%s: compose neither overrides the image's user nor grants privileges", service)
                    .doesNotContainKeys("user", "privileged", "cap_add", "userns_mode", "pid", "network_mode");
            assertThat(image.env())
                    .as("%s image environment", service)
                    .containsEntry("OPT_OUT_TRACKING", "true")
                    .containsEntry("DJL_OFFLINE", "true")
                    .doesNotContainKey("PYTORCH_VERSION");
            String tool = config.healthcheck(service).split("\\s+")[1];
            assertThat(image.runs())
                    .as(
                            "%s: the health check runs %s; a RUN of stages %s must install it",
                            service, tool, image.chain())
                    .anyMatch(run -> run.contains("install")
                            && List.of(run.split("[\\s;&|]+")).contains(tool));
        }
    }

    @Test
    void dataLivesInDeclaredNamedVolumesAndConfigIsMountedReadOnly() {
        Set<String> declared = config.declared("volumes");
        for (String service : config.serviceNames()) {
            for (Mount mount : config.mounts(service)) {
                if (mount.named()) {
                    assertThat(declared).as("%s mounts %s", service, mount).contains(mount.source());
                } else {
                    assertThat(mount.source())
                            .as("%s mounts an anonymous volume at %s: name it", service, mount.target())
                            .isNotEmpty();
                    assertThat(mount.readOnly())
                            .as("%s bind-mounts %s", service, mount)
                            .isTrue();
                    assertThat(Path.of(mount.source())).startsWith(root).isRegularFile();
                }
            }
        }
        List<String> minioCommand = strings(config.service("minio").get("command"));
        Map<String, String> dataDirectories = Map.of(
                "kafka", config.env("kafka").get("KAFKA_LOG_DIRS"),
                "postgres", config.env("postgres").getOrDefault("PGDATA", "/var/lib/postgresql/data"),
                "minio", minioCommand.get(minioCommand.indexOf("server") + 1),
                "prometheus", "/prometheus");
        dataDirectories.forEach((service, directory) -> assertThat(config.mounts(service))
                .as("%s keeps %s in a named volume", service, directory)
                .anySatisfy(mount -> {
                    assertThat(mount.named()).isTrue();
                    assertThat(mount.target()).isEqualTo(directory);
                }));
    }

    @Test
    void everyServiceIsOnTheOneKilnNetwork() {
        assertThat(config.declared("networks")).containsExactly("kiln");
        for (String service : config.serviceNames()) {
            assertThat(config.networks(service)).as(service).containsExactly("kiln");
        }
    }

    @Test
    void prometheusScrapesTheActuatorOfEveryKilnServiceOnlyInTheObservabilityProfile() throws IOException {
        assertThat(config.profiles("prometheus")).containsExactly("observability");
        Path prometheusConfig = root.resolve("infra/prometheus/prometheus.yml");
        assertThat(config.mounts("prometheus"))
                .contains(new Mount(prometheusConfig.toString(), "/etc/prometheus/prometheus.yml", true, false));

        Map<String, Object> prometheus =
                new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(prometheusConfig));
        Map<String, String> metricsPathByTarget = new TreeMap<>();
        for (Object job : list(prometheus.get("scrape_configs"))) {
            String metricsPath = String.valueOf(map(job).getOrDefault("metrics_path", "/metrics"));
            for (Object sd : list(map(job).get("dns_sd_configs"))) {
                for (String name : strings(map(sd).get("names"))) {
                    metricsPathByTarget.put(name + ":" + map(sd).get("port"), metricsPath);
                }
            }
            for (Object sc : list(map(job).get("static_configs"))) {
                strings(map(sc).get("targets")).forEach(target -> metricsPathByTarget.put(target, metricsPath));
            }
        }
        for (String service : config.builtServices()) {
            String target = service + ":" + config.env(service).get("SERVER_PORT");
            assertThat(metricsPathByTarget).as("scrape targets").containsEntry(target, "/actuator/prometheus");
        }
    }

    private static Path dockerfileOf(String service) {
        return root.resolve(String.valueOf(config.build(service).get("dockerfile")));
    }

    private static DockerfileStages.Resolved image(String service) throws IOException {
        Object target = config.build(service).get("target");
        return DockerfileStages.parse(dockerfileOf(service))
                .resolve(target == null ? null : String.valueOf(target), config.buildArgs(service));
    }

    /** Ports a service accepts connections on, from its configuration (images' defaults for the others). */
    private static Set<Integer> listeningPorts(String service) {
        Set<Integer> ports = new TreeSet<>();
        Map<String, String> env = config.env(service);
        switch (service) {
            case "kafka" ->
                ports.addAll(Endpoint.in(Map.of("advertised", env.get("KAFKA_ADVERTISED_LISTENERS"))).stream()
                        .map(Endpoint::port)
                        .toList());
            case "postgres" -> ports.add(5432);
            case "minio" -> ports.add(9000);
            case "prometheus" -> ports.add(9090);
            default ->
                env.forEach((name, value) -> {
                    if (name.equals("SERVER_PORT") || name.endsWith("_GRPC_PORT")) {
                        ports.add(Integer.valueOf(value));
                    }
                });
        }
        return ports;
    }
}
