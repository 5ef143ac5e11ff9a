package dev.kiln.inference.support;

import dev.kiln.inference.error.InferenceException;
import dev.kiln.inference.models.ModelCatalog;
import dev.kiln.inference.models.ModelVersionInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The registry's model data kept in memory: a real {@link ModelCatalog} for the core's tests, and the data the
 * {@link FakeRegistry} serves over HTTP for the integration tests.
 */
public final class InMemoryCatalog implements ModelCatalog {
    private final Map<String, Map<Integer, ModelVersionInfo>> versions = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Integer>> aliases = new ConcurrentHashMap<>();
    private final AtomicInteger versionLookups = new AtomicInteger();

    public void add(ModelVersionInfo version) {
        versions.computeIfAbsent(version.name(), n -> new ConcurrentHashMap<>()).put(version.version(), version);
    }

    public void setAlias(String name, String alias, Integer version) {
        Map<String, Integer> byAlias = aliases.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
        if (version == null) {
            byAlias.remove(alias);
        } else {
            byAlias.put(alias, version);
        }
    }

    public void remove(String name, int version) {
        versions.getOrDefault(name, Map.of()).remove(version);
    }

    public boolean knows(String name) {
        return versions.containsKey(name);
    }

    /** How often {@link #version} was asked (each load asks once). */
    public int versionLookups() {
        return versionLookups.get();
    }

    public Optional<ModelVersionInfo> find(String name, int version) {
        ModelVersionInfo info = versions.getOrDefault(name, Map.of()).get(version);
        if (info == null) {
            return Optional.empty();
        }
        List<String> pointing = aliases.getOrDefault(name, Map.of()).entrySet().stream()
                .filter(e -> e.getValue() == version)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        return Optional.of(new ModelVersionInfo(
                info.name(), info.version(), info.status(), info.labels(), info.artifacts(), pointing));
    }

    /** The versions of a model, newest first (all statuses). */
    public List<ModelVersionInfo> versions(String name) {
        return versions.getOrDefault(name, Map.of()).keySet().stream()
                .sorted(Comparator.reverseOrder())
                .map(v -> find(name, v).orElseThrow())
                .toList();
    }

    @Override
    public ModelVersionInfo version(String name, int version) {
        versionLookups.incrementAndGet();
        return find(name, version)
                .orElseThrow(() -> InferenceException.notFound("model '" + name + "' has no version " + version));
    }

    @Override
    public Optional<ModelVersionInfo> alias(String name, String alias) {
        Integer version = aliases.getOrDefault(name, Map.of()).get(alias);
        return version == null ? Optional.empty() : find(name, version);
    }

    @Override
    public Optional<ModelVersionInfo> latestReady(String name) {
        if (!knows(name)) {
            throw InferenceException.notFound("model '" + name + "' is not registered");
        }
        return versions(name).stream()
                .filter(v -> ModelVersionInfo.READY.equals(v.status()))
                .findFirst();
    }
}
