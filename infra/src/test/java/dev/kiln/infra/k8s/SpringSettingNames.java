package dev.kiln.infra.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The settings a service module declares, in the forms Spring's relaxed binding reaches from an environment variable:
 * the keys of its application*.yaml, and the components of its {@code @ConfigurationProperties} records (settings
 * with a default in the record only, such as {@code kiln.training.threads}). {@code KILN_TRAINING_WORK_DIR} reaches
 * {@code kiln.training.work-dir}: both become {@code kiln.training.work.dir}.
 */
final class SpringSettingNames {
    private static final Set<String> PREFIXES = Set.of("KILN_", "SPRING_", "SERVER_", "MANAGEMENT_");
    private static final Pattern PROPERTIES_RECORD = Pattern.compile(
            "@ConfigurationProperties\\(\\s*(?:(?:value|prefix)\\s*=\\s*)?\"([^\"]+)\"\\s*\\)\\s*(?:public\\s+)?record\\s+\\w+\\s*\\(");
    private static final Pattern IDENTIFIER = Pattern.compile("(\\w+)\\s*$");

    private SpringSettingNames() {}

    /** Variables Spring binds to settings (the JVM's own, like JAVA_TOOL_OPTIONS, are not). */
    static boolean isSpringVariable(String variable) {
        return PREFIXES.stream().anyMatch(variable::startsWith);
    }

    /** An environment variable in the canonical form: lower case, dots between the parts. */
    static String canonical(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    static Set<String> declaredIn(Path module) throws IOException {
        Set<String> keys = new TreeSet<>();
        Path resources = module.resolve("src/main/resources");
        try (Stream<Path> files = Files.list(resources)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml"))
                    .toList()) {
                Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
                for (Object document : yaml.loadAll(Files.readString(file))) {
                    collect("", document, keys);
                }
            }
        }
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher record = PROPERTIES_RECORD.matcher(source);
                while (record.find()) {
                    for (String component : components(source, record.end())) {
                        add(record.group(1) + "." + kebab(component), keys);
                    }
                }
            }
        }
        return keys;
    }

    /** The component names of a record header whose parameter list starts at {@code start}. */
    private static List<String> components(String source, int start) {
        List<String> names = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (int i = start; i < source.length(); i++) {
            char c = source.charAt(i);
            if (depth == 0 && (c == ',' || c == ')')) {
                Matcher name = IDENTIFIER.matcher(current.toString().strip());
                if (name.find()) {
                    names.add(name.group(1));
                }
                current.setLength(0);
                if (c == ')') {
                    break;
                }
                continue;
            }
            if (c == '(' || c == '<') {
                depth++;
            } else if (c == ')' || c == '>') {
                depth--;
            }
            current.append(c);
        }
        return names;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static void collect(String prefix, Object node, Set<String> keys) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                String name = prefix + String.valueOf(key).toLowerCase(Locale.ROOT);
                add(name, keys);
                collect(name + ".", value, keys);
            });
        }
    }

    private static void add(String name, Set<String> keys) {
        keys.add(name.replace("-", ""));
        keys.add(name.replace('-', '.'));
    }
}
