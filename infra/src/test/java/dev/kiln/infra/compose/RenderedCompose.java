package dev.kiln.infra.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The output of {@code docker-compose config}: the file as Compose understands it, with anchors merged, variables
 * interpolated, relative paths made absolute and {@code depends_on} in its long form.
 */
record RenderedCompose(Map<String, Object> root) {

    /** A volume mount; {@code named} when the source is a named volume, an empty source for an anonymous one. */
    record Mount(String source, String target, boolean readOnly, boolean named) {}

    static RenderedCompose parse(String yaml) {
        Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        return new RenderedCompose(root);
    }

    Set<String> serviceNames() {
        return new TreeSet<>(map(root, "services").keySet());
    }

    /** Services built from this repository: the Kiln services. */
    Set<String> builtServices() {
        Set<String> names = new TreeSet<>();
        map(root, "services").forEach((name, body) -> {
            if (map(root, "services", name).containsKey("build")) {
                names.add(name);
            }
        });
        return names;
    }

    Map<String, Object> service(String name) {
        return map(root, "services", name);
    }

    List<String> profiles(String service) {
        return strings(service(service).get("profiles"));
    }

    Map<String, String> env(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        map(service(service), "environment").forEach((k, v) -> env.put(k, v == null ? null : String.valueOf(v)));
        return env;
    }

    /** Dependency name to its condition. */
    Map<String, String> dependsOn(String service) {
        Map<String, String> conditions = new LinkedHashMap<>();
        map(service(service), "depends_on")
                .forEach((name, spec) ->
                        conditions.put(name, String.valueOf(map(spec).get("condition"))));
        return conditions;
    }

    /** The health check command as one string, or null when the service has none. */
    String healthcheck(String service) {
        Map<String, Object> healthcheck = map(service(service), "healthcheck");
        return healthcheck.isEmpty() ? null : String.join(" ", strings(healthcheck.get("test")));
    }

    Map<String, Object> build(String service) {
        return map(service(service), "build");
    }

    Map<String, String> buildArgs(String service) {
        Map<String, String> args = new LinkedHashMap<>();
        map(build(service), "args").forEach((k, v) -> args.put(k, String.valueOf(v)));
        return args;
    }

    Set<Integer> publishedTargets(String service) {
        Set<Integer> targets = new TreeSet<>();
        for (Object port : list(service(service).get("ports"))) {
            targets.add(Integer.valueOf(String.valueOf(map(port).get("target"))));
        }
        return targets;
    }

    Set<String> networks(String service) {
        return new TreeSet<>(map(service(service), "networks").keySet());
    }

    Set<String> declared(String topLevelKey) {
        return new TreeSet<>(map(root, topLevelKey).keySet());
    }

    List<Mount> mounts(String service) {
        List<Mount> mounts = new ArrayList<>();
        for (Object volume : list(service(service).get("volumes"))) {
            if (volume instanceof Map<?, ?> spec) { // long syntax
                String type = String.valueOf(spec.get("type"));
                mounts.add(new Mount(
                        String.valueOf(spec.get("source")),
                        String.valueOf(spec.get("target")),
                        Boolean.TRUE.equals(spec.get("read_only")),
                        "volume".equals(type)));
            } else { // short syntax: [source:]target[:mode]; a target alone is an anonymous volume
                String[] parts = String.valueOf(volume).split(":");
                if (parts.length == 1) {
                    mounts.add(new Mount("", parts[0], false, false));
                    continue;
                }
                String source = parts[0];
                boolean readOnly =
                        parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
                boolean named = !source.startsWith("/") && !source.startsWith(".") && !source.startsWith("~");
                mounts.add(new Mount(source, parts[1], readOnly, named));
            }
        }
        return mounts;
    }

    /** A nested mapping, empty when a key on the way is absent. */
    static Map<String, Object> map(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> m)) {
                return Map.of();
            }
            current = m.get(key);
        }
        if (current == null) {
            return Map.of();
        }
        if (!(current instanceof Map<?, ?>)) {
            throw new AssertionError("expected a mapping at " + String.join(".", path) + ", found: " + current);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) current;
        return result;
    }

    static List<Object> list(Object node) {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof List<?> l)) {
            throw new AssertionError("expected a list, found: " + node);
        }
        return new ArrayList<>(l);
    }

    static List<String> strings(Object node) {
        if (node instanceof String s) {
            return List.of(s);
        }
        return list(node).stream().map(String::valueOf).toList();
    }
}
