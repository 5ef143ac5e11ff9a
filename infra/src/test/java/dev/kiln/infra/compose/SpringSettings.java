package dev.kiln.infra.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Spring Boot's relaxed binding from environment variables, enough to tell whether a variable reaches a setting:
 * {@code kiln.training.work-dir} is bound by {@code KILN_TRAINING_WORKDIR} and by the form with the dash turned into
 * an underscore, {@code KILN_TRAINING_WORK_DIR}.
 */
final class SpringSettings {
    private static final Set<String> PREFIXES = Set.of("KILN_", "SPRING_", "SERVER_", "MANAGEMENT_");

    private SpringSettings() {}

    /** Variables Spring binds to its settings (the JVM's and DJL's own variables are not). */
    static boolean isSpringVariable(String variable) {
        return PREFIXES.stream().anyMatch(variable::startsWith);
    }

    /** An environment variable in the canonical form: lower case, dots between the parts. */
    static String canonical(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** Every key of an application.yaml (all documents, inner keys too) in the forms variables can take. */
    static Set<String> declaredIn(Path applicationYaml) throws IOException {
        Set<String> keys = new TreeSet<>();
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (Object document : yaml.loadAll(Files.readString(applicationYaml))) {
            collect("", document, keys);
        }
        return keys;
    }

    private static void collect(String prefix, Object node, Set<String> keys) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                String name = prefix + String.valueOf(key).toLowerCase(Locale.ROOT);
                keys.add(name.replace("-", ""));
                keys.add(name.replace('-', '.'));
                collect(name + ".", value, keys);
            });
        }
    }
}
