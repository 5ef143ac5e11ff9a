package dev.kiln.infra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes manifests in infra/k8s, rendered offline by {@code kubectl kustomize} (Debian's kubectl 1.20 in CI,
 * with the old kustomize v2.0.3) and read into fabric8's typed model: both overlays pass {@link ManifestChecker}
 * together with the example Secrets, the checker catches deliberately broken overlays, and the services get the
 * settings, probes and devices they need.
 */
class KustomizeRenderTests {
    private static final Set<String> SERVICES =
            Set.of("gateway", "model-registry", "inference-service", "training-service");
    private static final String NAME_LABEL = "app.kubernetes.io/name";
    private static final String GPU = "nvidia.com/gpu";

    private static Path root;
    private static Path k8s;
    private static Kubectl kubectl;
    private static Manifests secrets;
    private static Manifests cpu;
    private static Manifests gpu;

    @BeforeAll
    static void renderBothOverlays() throws IOException {
        // surefire runs in the module folder (infra/)
        root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        k8s = root.resolve("infra/k8s");
        assertThat(k8s.resolve("base/kustomization.yaml")).isRegularFile();
        kubectl = Kubectl.find();
        secrets = Manifests.parse(Files.readString(k8s.resolve("secrets.example.yaml")));
        cpu = render(k8s.resolve("overlays/cpu"));
        gpu = render(k8s.resolve("overlays/gpu"));
    }

    private static Manifests render(Path overlay) {
        return Manifests.parse(kubectl.kustomize(overlay));
    }

    private static Manifests overlay(String name) {
        return "gpu".equals(name) ? gpu : cpu;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu"})
    void overlayWithTheExampleSecretsHasNoProblems(String name) {
        List<String> problems = new ManifestChecker().problems(overlay(name).plus(secrets));
        assertThat(problems)
                .as("rendered by %s, overlay %s has these problems", kubectl.executable(), name)
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu"})
    void overlayRunsTheFourServicesEachWithADisruptionBudgetInNamespaceKiln(String name) {
        Manifests rendered = overlay(name);
        assertThat(rendered.all(Deployment.class))
                .extracting(
                        d -> d.getSpec().getTemplate().getMetadata().getLabels().get(NAME_LABEL))
                .containsAll(SERVICES)
                .allMatch(SERVICES::contains);
        assertThat(rendered.objects())
                .filteredOn(o -> !"Namespace".equals(o.getKind()))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace())
                        .as(o.getKind() + " " + o.getMetadata().getName())
                        .isEqualTo("kiln"));
        for (Deployment deployment : rendered.all(Deployment.class)) {
            Map<String, String> pods =
                    deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(rendered.all(PodDisruptionBudget.class))
                    .as(
                            "a PodDisruptionBudget for the pods of %s",
                            deployment.getMetadata().getName())
                    .anyMatch(pdb -> pods.entrySet()
                            .containsAll(
                                    pdb.getSpec().getSelector().getMatchLabels().entrySet()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu"})
    void inferenceScalesWithAnAutoscalingV2HorizontalPodAutoscaler(String name) {
        List<HorizontalPodAutoscaler> autoscalers = overlay(name).all(HorizontalPodAutoscaler.class);
        assertThat(autoscalers).singleElement().satisfies(hpa -> {
            assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
            assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("inference-service");
            assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
            assertThat(hpa.getSpec().getMaxReplicas())
                    .isGreaterThan(hpa.getSpec().getMinReplicas());
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu"})
    void probesAskTheActuatorHealthGroupsOnThePortTheServiceListensOn(String name) {
        for (Deployment deployment : overlay(name).all(Deployment.class)) {
            Container container = onlyContainer(deployment);
            String serverPort = env(container, "SERVER_PORT").getValue();
            assertThat(serverPort).as("SERVER_PORT of %s", container.getName()).isNotBlank();
            assertThat(httpProbe(container.getReadinessProbe().getHttpGet(), container))
                    .as("readiness probe of %s", container.getName())
                    .isEqualTo(new ProbeTarget("/actuator/health/readiness", Integer.parseInt(serverPort)));
            assertThat(httpProbe(container.getLivenessProbe().getHttpGet(), container))
                    .as("liveness probe of %s", container.getName())
                    .isEqualTo(new ProbeTarget("/actuator/health/liveness", Integer.parseInt(serverPort)));
        }
    }

    record ProbeTarget(String path, int port) {}

    private static ProbeTarget httpProbe(HTTPGetAction get, Container container) {
        assertThat(get).as("an HTTP probe on %s", container.getName()).isNotNull();
        int port = get.getPort().getIntVal() != null
                ? get.getPort().getIntVal()
                : container.getPorts().stream()
                        .filter(p -> get.getPort().getStrVal().equals(p.getName()))
                        .findFirst()
                        .orElseThrow()
                        .getContainerPort();
        return new ProbeTarget(get.getPath(), port);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu"})
    void everySpringVariableIsASettingTheServiceDeclares(String name) throws IOException {
        for (Deployment deployment : overlay(name).all(Deployment.class)) {
            String module =
                    deployment.getSpec().getTemplate().getMetadata().getLabels().get(NAME_LABEL);
            Set<String> declared = SpringSettingNames.declaredIn(root.resolve(module));
            for (EnvVar env : onlyContainer(deployment).getEnv()) {
                if (SpringSettingNames.isSpringVariable(env.getName())) {
                    assertThat(declared)
                            .as(
                                    "%s sets %s, which no application.yaml key or @ConfigurationProperties record of %s"
                                            + " declares, so Spring would ignore it",
                                    deployment.getMetadata().getName(), env.getName(), module)
                            .contains(SpringSettingNames.canonical(env.getName()));
                }
            }
        }
    }

    @Test
    void credentialsComeFromSecretsAndTheInfrastructureEndpointsFromTheConfigMap() {
        Predicate<String> credential = variable -> variable.endsWith("_PASSWORD")
                || variable.endsWith("_USERNAME")
                || variable.endsWith("_ACCESS_KEY")
                || variable.endsWith("_SECRET_KEY")
                || variable.contains("_ADMIN_KEY_");
        Predicate<String> endpoint = variable -> variable.equals("SPRING_KAFKA_BOOTSTRAP_SERVERS")
                || variable.equals("SPRING_DATASOURCE_URL")
                || variable.endsWith("_STORAGE_ENDPOINT")
                || variable.endsWith("_STORAGE_BUCKET");
        int credentials = 0;
        int endpoints = 0;
        for (Deployment deployment : gpu.all(Deployment.class)) {
            for (EnvVar env : onlyContainer(deployment).getEnv()) {
                String where = deployment.getMetadata().getName() + " " + env.getName();
                if (credential.test(env.getName())) {
                    credentials++;
                    assertThat(env.getValue()).as(where).isNull();
                    assertThat(env.getValueFrom().getSecretKeyRef()).as(where).isNotNull();
                } else if (endpoint.test(env.getName())) {
                    endpoints++;
                    assertThat(env.getValue()).as(where).isNull();
                    assertThat(env.getValueFrom().getConfigMapKeyRef().getName())
                            .as(where)
                            .isEqualTo("kiln-settings");
                }
            }
        }
        // registry: 4 credentials, 4 endpoints; inference and two trainers: 2 and 3 each; gateway: 2 and 1
        assertThat(credentials).isEqualTo(4 + 2 * 3 + 2);
        assertThat(endpoints).isEqualTo(4 + 3 * 3 + 1);
        assertThat(gpu.find(ConfigMap.class, "kiln-settings").orElseThrow().getData())
                .containsOnlyKeys("kafka-bootstrap-servers", "s3-endpoint", "s3-bucket", "postgres-jdbc-url");
    }

    @Test
    void exampleSecretsAreMarkedAsPlaceholders() throws IOException {
        assertThat(Files.readString(k8s.resolve("secrets.example.yaml"))).startsWith("# EXAMPLE ONLY");
        assertThat(secrets.all(Secret.class))
                .extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("kiln-postgres", "kiln-s3", "kiln-admin-api-key");
        for (Secret secret : secrets.all(Secret.class)) {
            assertThat(secret.getStringData().values())
                    .as("values of %s", secret.getMetadata().getName())
                    .allMatch(v -> v.startsWith("CHANGE-ME") || v.matches("0+") || v.equals("kiln"));
        }
    }

    @Test
    void gpuOverlayAddsATrainerWithOneNvidiaGpuOnGpuNodesConsumingTheGpuQueue() {
        Deployment trainer = gpu.find(Deployment.class, "training-service-gpu").orElseThrow();
        Container container = onlyContainer(trainer);
        assertThat(container.getResources().getRequests()).containsEntry(GPU, new Quantity("1"));
        assertThat(container.getResources().getLimits()).containsEntry(GPU, new Quantity("1"));
        // the service derives its queues from the device: gpu consumes training-jobs-gpu (and -cpu)
        assertThat(env(container, "KILN_TRAINING_DEVICE").getValue()).isEqualTo("gpu");
        assertThat(container.getImage()).startsWith("kiln-training-service-gpu:");
        assertThat(trainer.getSpec().getTemplate().getSpec().getNodeSelector()).containsKey("nvidia.com/gpu.present");
        assertThat(trainer.getSpec().getTemplate().getSpec().getTolerations())
                .extracting(Toleration::getKey)
                .contains(GPU);
        assertThat(gpu.all(Deployment.class)).filteredOn(d -> d != trainer).allSatisfy(d -> assertThat(requestsGpu(d))
                .as(d.getMetadata().getName())
                .isFalse());
    }

    @Test
    void cpuOverlayRequestsNoGpuAndItsTrainersTrainOnCpu() {
        assertThat(cpu.all(Deployment.class))
                .allSatisfy(d ->
                        assertThat(requestsGpu(d)).as(d.getMetadata().getName()).isFalse());
        Deployment trainer = cpu.find(Deployment.class, "training-service").orElseThrow();
        assertThat(env(onlyContainer(trainer), "KILN_TRAINING_DEVICE").getValue())
                .isEqualTo("cpu");
        assertThat(trainer.getSpec().getReplicas()).isBetween(1, 4);
    }

    private static boolean requestsGpu(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .map(Container::getResources)
                .flatMap(r -> Stream.of(r.getRequests(), r.getLimits()))
                .anyMatch(m -> m != null && m.containsKey(GPU));
    }

    private static Container onlyContainer(Deployment deployment) {
        List<Container> containers =
                deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers)
                .as("containers of %s", deployment.getMetadata().getName())
                .hasSize(1);
        return containers.get(0);
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> name.equals(e.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " does not set " + name));
    }

    /** A broken overlay on top of a good one, and a fragment of the problem the checker must report for it. */
    record Mistake(String description, String on, String patch, String reported) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Mistake> mistakes() {
        return Stream.of(
                new Mistake(
                        "a Deployment selector that misses its pods",
                        "cpu",
                        """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: gateway
                        spec:
                          selector:
                            matchLabels:
                              app.kubernetes.io/name: gateway-typo
                        """,
                        "Deployment kiln/gateway: spec.selector"),
                new Mistake(
                        "a Service selector that matches no pods",
                        "cpu",
                        """
                        apiVersion: v1
                        kind: Service
                        metadata:
                          name: model-registry
                        spec:
                          selector:
                            app.kubernetes.io/name: registry
                        """,
                        "Service kiln/model-registry: selector"),
                new Mistake(
                        "a readiness probe dropped",
                        "cpu",
                        """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: inference-service
                        spec:
                          template:
                            spec:
                              containers:
                                - name: inference-service
                                  readinessProbe: null
                        """,
                        "container inference-service has no readinessProbe"),
                new Mistake(
                        "a liveness probe dropped",
                        "gpu",
                        """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: training-service-gpu
                        spec:
                          template:
                            spec:
                              containers:
                                - name: training-service-gpu
                                  livenessProbe: null
                        """,
                        "container training-service-gpu has no livenessProbe"),
                new Mistake(
                        "a memory limit dropped",
                        "cpu",
                        """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: training-service
                        spec:
                          template:
                            spec:
                              containers:
                                - name: training-service
                                  resources:
                                    limits:
                                      memory: null
                        """,
                        "container training-service has no memory limit"),
                new Mistake(
                        "root allowed",
                        "cpu",
                        """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: gateway
                        spec:
                          template:
                            spec:
                              containers:
                                - name: gateway
                                  securityContext:
                                    runAsNonRoot: false
                        """,
                        "container gateway may run as root"),
                new Mistake(
                        "a ConfigMap key that does not exist",
                        "cpu",
                        """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: gateway
                        spec:
                          template:
                            spec:
                              containers:
                                - name: gateway
                                  env:
                                    - name: SPRING_KAFKA_BOOTSTRAP_SERVERS
                                      valueFrom:
                                        configMapKeyRef:
                                          name: kiln-settings
                                          key: kafka-bootstrap
                        """,
                        "refers to key kafka-bootstrap of ConfigMap kiln/kiln-settings"),
                new Mistake(
                        "a Secret that does not exist",
                        "cpu",
                        """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: model-registry
                        spec:
                          template:
                            spec:
                              containers:
                                - name: model-registry
                                  env:
                                    - name: SPRING_DATASOURCE_PASSWORD
                                      valueFrom:
                                        secretKeyRef:
                                          name: kiln-postgresql
                                          key: password
                        """,
                        "refers to Secret kiln/kiln-postgresql, which does not exist"),
                new Mistake(
                        "envFrom a ConfigMap that does not exist",
                        "cpu",
                        """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: inference-service
                        spec:
                          template:
                            spec:
                              containers:
                                - name: inference-service
                                  envFrom:
                                    - configMapRef:
                                        name: kiln-inference-tuning
                        """,
                        "envFrom refers to ConfigMap kiln/kiln-inference-tuning"),
                new Mistake(
                        "a PodDisruptionBudget for pods that do not exist",
                        "cpu",
                        """
                        apiVersion: policy/v1
                        kind: PodDisruptionBudget
                        metadata:
                          name: training-service
                        spec:
                          selector:
                            matchLabels:
                              kiln.dev/device: tpu
                        """,
                        "PodDisruptionBudget kiln/training-service: selector"),
                new Mistake(
                        "an autoscaler aimed at a Deployment that does not exist",
                        "cpu",
                        """
                        apiVersion: autoscaling/v2
                        kind: HorizontalPodAutoscaler
                        metadata:
                          name: inference-service
                        spec:
                          scaleTargetRef:
                            name: inference
                        """,
                        "scales Deployment kiln/inference, which does not exist"),
                new Mistake(
                        "a misspelled field",
                        "cpu",
                        """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: model-registry
                        spec:
                          template:
                            spec:
                              terminationGracePeriodSecond: 30
                        """,
                        "PodSpec has fields Kubernetes does not know: [terminationGracePeriodSecond]"),
                new Mistake(
                        "two trainer Deployments selecting each other's pods",
                        "gpu",
                        """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: training-service-gpu
                        spec:
                          selector:
                            matchLabels:
                              kiln.dev/device: null
                        """,
                        "also matches the pods of Deployment kiln/training-service"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void checkerReportsABrokenOverlay(Mistake mistake, @TempDir Path copy) throws IOException {
        copyTree(k8s, copy);
        Path broken = copy.resolve("overlays/broken");
        Files.createDirectories(broken);
        Files.writeString(
                broken.resolve("kustomization.yaml"),
                """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                bases:
                  - ../%s
                patchesStrategicMerge:
                  - mistake.yaml
                """
                        .formatted(mistake.on()));
        Files.writeString(broken.resolve("mistake.yaml"), mistake.patch());

        List<String> problems = new ManifestChecker().problems(render(broken).plus(secrets));

        assertThat(problems).anyMatch(p -> p.contains(mistake.reported()));
        assertThat(new ManifestChecker().problems(overlay(mistake.on()).plus(secrets)))
                .isEmpty();
    }

    @Test
    void checkerReportsReferencesToSecretsThatAreNotInTheRender() {
        assertThat(new ManifestChecker().problems(cpu))
                .anyMatch(p -> p.contains("refers to Secret kiln/kiln-s3, which does not exist"))
                .anyMatch(p -> p.contains("refers to Secret kiln/kiln-admin-api-key, which does not exist"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
