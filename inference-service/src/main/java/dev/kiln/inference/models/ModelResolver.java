package dev.kiln.inference.models;

import dev.kiln.inference.error.ErrorCode;
import dev.kiln.inference.error.InferenceException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a client names ({@code name}, {@code name@alias}, {@code name} + version) into a model version.
 * Resolutions are remembered: a model event (or, as a fallback for a missed event, the refresh interval) resolves
 * again in the background, loads the new version, and only then switches to it, so requests never wait for a load
 * and the old version serves until the new one is ready. When several refreshes of one name overlap, the one started
 * last wins.
 */
public final class ModelResolver {
    private static final Logger log = LoggerFactory.getLogger(ModelResolver.class);

    private final ModelCatalog catalog;
    private final ModelCache cache;
    private final long refreshAfterNanos;
    private final Executor executor;
    private final Map<String, Mapping> mappings = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();

    /**
     * @param refreshAfter how old a resolution may get before it is checked again in the background
     * @param executor runs background refreshes (which load models)
     */
    public ModelResolver(ModelCatalog catalog, ModelCache cache, Duration refreshAfter, Executor executor) {
        this.catalog = catalog;
        this.cache = cache;
        this.refreshAfterNanos = refreshAfter.toNanos();
        this.executor = executor;
    }

    private record Mapping(ModelKey key, long resolvedAtNanos) {}

    /**
     * The version a reference means now.
     *
     * @throws InferenceException NOT_FOUND if the model or alias does not exist or the model has no READY version
     */
    public ModelKey resolve(ModelRef ref) {
        ModelKey known = resolveKnown(ref);
        if (known != null) {
            return known;
        }
        String refKey = ref.toString();
        long generation = generation(refKey).incrementAndGet();
        ModelKey key = lookup(ref.name(), ref.alias()).key();
        apply(refKey, generation, key);
        return key;
    }

    /**
     * The version a reference means if that is known without asking the registry (a version number, or a name
     * resolved before), else null. Never blocks.
     */
    public ModelKey resolveKnown(ModelRef ref) {
        if (ref.version() != null) {
            return new ModelKey(ref.name(), ref.version());
        }
        String refKey = ref.toString();
        Mapping mapping = mappings.get(refKey);
        if (mapping == null) {
            return null;
        }
        long now = System.nanoTime();
        if (now - mapping.resolvedAtNanos() > refreshAfterNanos
                && mappings.replace(refKey, mapping, new Mapping(mapping.key(), now))) {
            refresh(refKey, ref.name(), ref.alias(), null);
        }
        return mapping.key();
    }

    /** An alias was set, moved ({@code version} not null) or deleted ({@code version} null). */
    public void aliasChanged(String name, String alias, Integer version) {
        ModelKey target = version == null ? null : new ModelKey(name, version);
        String aliasRef = name + "@" + alias;
        if (mappings.containsKey(aliasRef)) {
            refresh(aliasRef, name, alias, target);
        }
        if (ModelRef.DEFAULT_ALIAS.equals(alias) && mappings.containsKey(name)) {
            refresh(name, name, null, target);
        }
    }

    /** Something else changed for a model (a version registered): resolve its names again. */
    public CompletableFuture<Void> modelChanged(String name) {
        List<CompletableFuture<Void>> refreshes = mappings.keySet().stream()
                .filter(refKey -> refKey.equals(name) || refKey.startsWith(name + "@"))
                .map(refKey -> refresh(refKey, name, aliasOf(refKey), null))
                .toList();
        return CompletableFuture.allOf(refreshes.toArray(CompletableFuture[]::new));
    }

    /** A version was deleted: resolve the model's names again, then unload the version. */
    public void versionDeleted(String name, int version) {
        modelChanged(name).whenComplete((ignored, error) -> cache.evict(new ModelKey(name, version)));
    }

    private CompletableFuture<Void> refresh(String refKey, String name, String alias, ModelKey known) {
        long generation = generation(refKey).incrementAndGet();
        return CompletableFuture.runAsync(
                () -> {
                    try {
                        ModelKey target =
                                known != null ? known : lookup(name, alias).key();
                        cache.get(target);
                        apply(refKey, generation, target);
                    } catch (InferenceException e) {
                        if (e.code() == ErrorCode.NOT_FOUND && known == null) {
                            if (generation(refKey).get() == generation && mappings.remove(refKey) != null) {
                                log.info("{} no longer resolves: {}", refKey, e.getMessage());
                            }
                        } else {
                            Mapping current = mappings.get(refKey);
                            log.warn(
                                    "{} keeps serving {}: {}",
                                    refKey,
                                    current == null ? "nothing" : current.key(),
                                    e.getMessage());
                        }
                    } catch (RuntimeException e) {
                        log.error("refreshing {} failed: {}", refKey, e.getMessage(), e);
                    }
                },
                executor);
    }

    private void apply(String refKey, long generation, ModelKey target) {
        Mapping[] previous = new Mapping[1];
        mappings.compute(refKey, (key, old) -> {
            previous[0] = old;
            return generation(refKey).get() == generation ? new Mapping(target, System.nanoTime()) : old;
        });
        if (previous[0] != null
                && !previous[0].key().equals(target)
                && generation(refKey).get() == generation) {
            log.info("{} now serves {} (was {})", refKey, target, previous[0].key());
        }
    }

    private ModelVersionInfo lookup(String name, String alias) {
        if (alias != null) {
            return catalog.alias(name, alias)
                    .orElseThrow(
                            () -> InferenceException.notFound("model '" + name + "' has no alias '" + alias + "'"));
        }
        return catalog.alias(name, ModelRef.DEFAULT_ALIAS)
                .or(() -> catalog.latestReady(name))
                .orElseThrow(() -> InferenceException.notFound("model '" + name + "' has no READY version"));
    }

    private AtomicLong generation(String refKey) {
        return generations.computeIfAbsent(refKey, k -> new AtomicLong());
    }

    private static String aliasOf(String refKey) {
        int at = refKey.indexOf('@');
        return at < 0 ? null : refKey.substring(at + 1);
    }
}
