package dev.kiln.infra.stack;

import java.util.List;
import java.util.Map;

/**
 * How to run one Kiln service: its name (the module, the jar and the log file), its HTTP port, JVM options and the
 * environment that configures it (Spring's relaxed binding turns {@code KILN_REGISTRY_STORAGE_BUCKET} into
 * {@code kiln.registry.storage.bucket}, so secrets never appear on a command line).
 */
public record ServiceDefinition(String name, int port, List<String> javaOptions, Map<String, String> environment) {

    public String healthUrl(String host) {
        return "http://" + host + ":" + port + "/actuator/health";
    }
}
