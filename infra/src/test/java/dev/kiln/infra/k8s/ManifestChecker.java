package dev.kiln.infra.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks a rendered set of Kubernetes objects for the mistakes kustomize lets through: selectors that select nothing
 * (or the wrong pods), budgets and autoscalers aimed at no workload, references to ConfigMaps, Secrets or keys that do
 * not exist, and containers without probes, resource requests and limits, or with root allowed. Returns the problems
 * in words; an empty list means none was found.
 */
final class ManifestChecker {
    /** The kinds the checker understands; any other kind is reported, so nothing goes unchecked unnoticed. */
    static final Set<Class<? extends HasMetadata>> KNOWN_KINDS = Set.of(
            Namespace.class,
            ConfigMap.class,
            Secret.class,
            Deployment.class,
            Service.class,
            PodDisruptionBudget.class,
            HorizontalPodAutoscaler.class);

    private static final List<String> COMPUTE = List.of("cpu", "memory");

    List<String> problems(Manifests manifests) {
        List<String> problems = new ArrayList<>();
        for (HasMetadata object : manifests.objects()) {
            if (KNOWN_KINDS.stream().noneMatch(kind -> kind.isInstance(object))) {
                problems.add(id(object) + ": a kind the checker does not know (" + object.getApiVersion()
                        + "); teach ManifestChecker to check it");
            }
        }
        manifests.objects().stream()
                .filter(o -> KNOWN_KINDS.stream().anyMatch(kind -> kind.isInstance(o)))
                .forEach(o -> checkUnknownFields(id(o), o, problems));
        List<Deployment> deployments = manifests.all(Deployment.class);
        deployments.forEach(d -> checkDeployment(d, manifests, problems));
        checkOverlaps(deployments, problems);
        manifests.all(Service.class).forEach(s -> checkService(s, deployments, problems));
        manifests.all(PodDisruptionBudget.class).forEach(p -> checkBudget(p, deployments, problems));
        manifests.all(HorizontalPodAutoscaler.class).forEach(h -> checkAutoscaler(h, manifests, problems));
        return problems;
    }

    /**
     * A field the typed model does not know (a typo such as {@code readinesProbe}) lands in the additional properties
     * of the object around it; the API server would reject or drop it.
     */
    private static void checkUnknownFields(String where, Object node, List<String> problems) {
        if (node instanceof Collection<?> items) {
            items.forEach(item -> checkUnknownFields(where, item, problems));
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(value -> checkUnknownFields(where, value, problems));
            return;
        }
        if (node == null || !node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue; // a computed accessor (e.g. a quantity's numerical amount), not a field
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    problems.add(where + ": " + node.getClass().getSimpleName() + " has fields Kubernetes does not"
                            + " know: " + unknown.keySet());
                }
            } else {
                checkUnknownFields(where, value, problems);
            }
        }
    }

    private static void checkDeployment(Deployment deployment, Manifests manifests, List<String> problems) {
        String id = id(deployment);
        LabelSelector selector = deployment.getSpec().getSelector();
        Map<String, String> podLabels = podLabels(deployment);
        if (selector == null || !hasOnlyMatchLabels(selector)) {
            problems.add(id + ": spec.selector must be a non-empty matchLabels (matchExpressions are not checked)");
        } else if (!selects(selector.getMatchLabels(), podLabels)) {
            problems.add(id + ": spec.selector " + selector.getMatchLabels()
                    + " does not match its pod template's labels " + podLabels);
        }
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        List<Container> containers = new ArrayList<>(pod.getContainers());
        containers.addAll(pod.getInitContainers());
        for (Container container : containers) {
            String where = id + ": container " + container.getName();
            checkProbe(where, "readinessProbe", container.getReadinessProbe(), container, problems);
            checkProbe(where, "livenessProbe", container.getLivenessProbe(), container, problems);
            checkResources(where, container.getResources(), problems);
            checkNonRoot(where, pod.getSecurityContext(), container.getSecurityContext(), problems);
            checkReferences(where, namespace(deployment), container, manifests, problems);
        }
        for (Volume volume : pod.getVolumes()) {
            String where = id + ": volume " + volume.getName();
            if (volume.getConfigMap() != null && !isTrue(volume.getConfigMap().getOptional())) {
                requireObject(
                        where,
                        ConfigMap.class,
                        namespace(deployment),
                        volume.getConfigMap().getName(),
                        manifests,
                        problems);
            }
            if (volume.getSecret() != null && !isTrue(volume.getSecret().getOptional())) {
                requireObject(
                        where,
                        Secret.class,
                        namespace(deployment),
                        volume.getSecret().getSecretName(),
                        manifests,
                        problems);
            }
        }
    }

    /** Two Deployments whose selectors both match one pod template fight over the pods. */
    private static void checkOverlaps(List<Deployment> deployments, List<String> problems) {
        for (Deployment a : deployments) {
            for (Deployment b : deployments) {
                if (a != b
                        && namespace(a).equals(namespace(b))
                        && hasOnlyMatchLabels(a.getSpec().getSelector())
                        && selects(a.getSpec().getSelector().getMatchLabels(), podLabels(b))) {
                    problems.add(id(a) + ": its selector "
                            + a.getSpec().getSelector().getMatchLabels() + " also matches the pods of " + id(b)
                            + "; give each Deployment a label of its own");
                }
            }
        }
    }

    private static void checkProbe(
            String where, String field, Probe probe, Container container, List<String> problems) {
        if (probe == null) {
            problems.add(where + " has no " + field);
            return;
        }
        if (probe.getHttpGet() != null) {
            checkPort(where + " " + field, probe.getHttpGet().getPort(), container, problems);
        } else if (probe.getTcpSocket() != null) {
            checkPort(where + " " + field, probe.getTcpSocket().getPort(), container, problems);
        } else if (probe.getExec() == null && probe.getGrpc() == null) {
            problems.add(where + " " + field + " has no handler (httpGet, tcpSocket, exec or grpc)");
        }
    }

    private static void checkPort(String where, IntOrString port, Container container, List<String> problems) {
        if (port == null) {
            problems.add(where + " names no port");
        } else if (port.getStrVal() != null && port(container, port.getStrVal()) == null) {
            problems.add(where + " uses port " + port.getStrVal() + ", which the container does not declare");
        }
    }

    private static void checkResources(String where, ResourceRequirements resources, List<String> problems) {
        for (String resource : COMPUTE) {
            if (resources == null
                    || resources.getRequests() == null
                    || !resources.getRequests().containsKey(resource)) {
                problems.add(where + " has no " + resource + " request");
            }
            if (resources == null
                    || resources.getLimits() == null
                    || !resources.getLimits().containsKey(resource)) {
                problems.add(where + " has no " + resource + " limit");
            }
        }
    }

    /** The container's own setting wins over the pod's, as in Kubernetes. */
    private static void checkNonRoot(
            String where, PodSecurityContext pod, SecurityContext container, List<String> problems) {
        Boolean nonRoot = container != null && container.getRunAsNonRoot() != null
                ? container.getRunAsNonRoot()
                : pod == null ? null : pod.getRunAsNonRoot();
        Long user = container != null && container.getRunAsUser() != null
                ? container.getRunAsUser()
                : pod == null ? null : pod.getRunAsUser();
        if (!isTrue(nonRoot)) {
            problems.add(where + " may run as root: set securityContext.runAsNonRoot: true");
        }
        if (user != null && user == 0) {
            problems.add(where + " runs as user 0 (root)");
        }
    }

    private static void checkReferences(
            String where, String namespace, Container container, Manifests manifests, List<String> problems) {
        for (EnvVar env : container.getEnv()) {
            if (env.getValueFrom() == null) {
                continue;
            }
            String variable = where + " env " + env.getName();
            var configKey = env.getValueFrom().getConfigMapKeyRef();
            if (configKey != null && !isTrue(configKey.getOptional())) {
                requireKey(
                        variable,
                        ConfigMap.class,
                        namespace,
                        configKey.getName(),
                        configKey.getKey(),
                        manifests,
                        problems);
            }
            var secretKey = env.getValueFrom().getSecretKeyRef();
            if (secretKey != null && !isTrue(secretKey.getOptional())) {
                requireKey(
                        variable,
                        Secret.class,
                        namespace,
                        secretKey.getName(),
                        secretKey.getKey(),
                        manifests,
                        problems);
            }
            var field = env.getValueFrom().getResourceFieldRef();
            if (field != null
                    && field.getContainerName() != null
                    && !field.getContainerName().equals(container.getName())) {
                problems.add(variable + " reads the resources of container " + field.getContainerName()
                        + ", not its own (" + container.getName() + ")");
            }
        }
        for (EnvFromSource source : container.getEnvFrom()) {
            if (source.getConfigMapRef() != null
                    && !isTrue(source.getConfigMapRef().getOptional())) {
                requireObject(
                        where + " envFrom",
                        ConfigMap.class,
                        namespace,
                        source.getConfigMapRef().getName(),
                        manifests,
                        problems);
            }
            if (source.getSecretRef() != null && !isTrue(source.getSecretRef().getOptional())) {
                requireObject(
                        where + " envFrom",
                        Secret.class,
                        namespace,
                        source.getSecretRef().getName(),
                        manifests,
                        problems);
            }
        }
    }

    private static <T extends HasMetadata> void requireObject(
            String where, Class<T> type, String namespace, String name, Manifests manifests, List<String> problems) {
        if (find(type, namespace, name, manifests) == null) {
            problems.add(where + " refers to " + type.getSimpleName() + " " + namespace + "/" + name
                    + ", which does not exist");
        }
    }

    private static <T extends HasMetadata> void requireKey(
            String where,
            Class<T> type,
            String namespace,
            String name,
            String key,
            Manifests manifests,
            List<String> problems) {
        T object = find(type, namespace, name, manifests);
        if (object == null) {
            problems.add(where + " refers to " + type.getSimpleName() + " " + namespace + "/" + name
                    + ", which does not exist");
        } else if (!keys(object).contains(key)) {
            problems.add(where + " refers to key " + key + " of " + type.getSimpleName() + " " + namespace + "/" + name
                    + ", which has only " + keys(object));
        }
    }

    private static void checkService(Service service, List<Deployment> deployments, List<String> problems) {
        Map<String, String> selector = service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            problems.add(id(service) + " has no selector");
            return;
        }
        List<Deployment> targets = deployments.stream()
                .filter(d -> namespace(d).equals(namespace(service)) && selects(selector, podLabels(d)))
                .toList();
        if (targets.isEmpty()) {
            problems.add(id(service) + ": selector " + selector + " matches the pods of no Deployment");
            return;
        }
        for (ServicePort port : service.getSpec().getPorts()) {
            IntOrString target = port.getTargetPort();
            if (target != null && target.getStrVal() != null) {
                for (Deployment d : targets) {
                    boolean declared = d.getSpec().getTemplate().getSpec().getContainers().stream()
                            .anyMatch(c -> port(c, target.getStrVal()) != null);
                    if (!declared) {
                        problems.add(id(service) + ": port " + port.getName() + " targets " + target.getStrVal()
                                + ", which no container of " + id(d) + " declares");
                    }
                }
            }
        }
    }

    private static void checkBudget(PodDisruptionBudget budget, List<Deployment> deployments, List<String> problems) {
        LabelSelector selector = budget.getSpec().getSelector();
        if (selector == null || !hasOnlyMatchLabels(selector)) {
            problems.add(id(budget) + ": spec.selector must be a non-empty matchLabels");
            return;
        }
        boolean covers = deployments.stream()
                .anyMatch(d ->
                        namespace(d).equals(namespace(budget)) && selects(selector.getMatchLabels(), podLabels(d)));
        if (!covers) {
            problems.add(id(budget) + ": selector " + selector.getMatchLabels() + " matches the pods of no Deployment");
        }
    }

    private static void checkAutoscaler(
            HorizontalPodAutoscaler autoscaler, Manifests manifests, List<String> problems) {
        var target = autoscaler.getSpec().getScaleTargetRef();
        if (!"Deployment".equals(target.getKind())) {
            problems.add(id(autoscaler) + " scales a " + target.getKind() + "; only Deployments are checked");
            return;
        }
        Deployment deployment = find(Deployment.class, namespace(autoscaler), target.getName(), manifests);
        if (deployment == null) {
            problems.add(id(autoscaler) + " scales Deployment " + namespace(autoscaler) + "/" + target.getName()
                    + ", which does not exist");
            return;
        }
        boolean usesCpu = autoscaler.getSpec().getMetrics().stream()
                .anyMatch(m ->
                        m.getResource() != null && "cpu".equals(m.getResource().getName()));
        boolean everyCpuRequested = deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .allMatch(c -> c.getResources() != null
                        && c.getResources().getRequests() != null
                        && c.getResources().getRequests().containsKey("cpu"));
        if (usesCpu && !everyCpuRequested) {
            problems.add(id(autoscaler) + " scales on CPU utilisation, but not every container of " + id(deployment)
                    + " requests CPU, so the utilisation is undefined");
        }
    }

    private static <T extends HasMetadata> T find(Class<T> type, String namespace, String name, Manifests manifests) {
        return manifests.all(type).stream()
                .filter(o -> namespace(o).equals(namespace)
                        && Objects.equals(o.getMetadata().getName(), name))
                .findFirst()
                .orElse(null);
    }

    private static Set<String> keys(HasMetadata object) {
        Set<String> keys = new HashSet<>();
        if (object instanceof ConfigMap map) {
            Stream.of(map.getData(), map.getBinaryData())
                    .filter(Objects::nonNull)
                    .forEach(m -> keys.addAll(m.keySet()));
        } else if (object instanceof Secret secret) {
            Stream.of(secret.getData(), secret.getStringData())
                    .filter(Objects::nonNull)
                    .forEach(m -> keys.addAll(m.keySet()));
        }
        return keys;
    }

    private static ContainerPort port(Container container, String name) {
        return container.getPorts().stream()
                .filter(p -> name.equals(p.getName()))
                .findFirst()
                .orElse(null);
    }

    private static boolean hasOnlyMatchLabels(LabelSelector selector) {
        return selector != null
                && selector.getMatchLabels() != null
                && !selector.getMatchLabels().isEmpty()
                && (selector.getMatchExpressions() == null
                        || selector.getMatchExpressions().isEmpty());
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return labels != null && labels.entrySet().containsAll(selector.entrySet());
    }

    private static Map<String, String> podLabels(Deployment deployment) {
        var metadata = deployment.getSpec().getTemplate().getMetadata();
        return metadata == null || metadata.getLabels() == null ? Map.of() : metadata.getLabels();
    }

    private static String namespace(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return namespace == null ? "default" : namespace;
    }

    private static String id(HasMetadata object) {
        return object.getKind() + " " + namespace(object) + "/"
                + object.getMetadata().getName();
    }

    private static boolean isTrue(Boolean value) {
        return Boolean.TRUE.equals(value);
    }
}
