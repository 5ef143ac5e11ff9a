package dev.kiln.inference.models;

import dev.kiln.inference.batching.BatchObserver;
import dev.kiln.inference.batching.BatchQueue;
import dev.kiln.inference.batching.BatchSettings;
import dev.kiln.inference.error.InferenceException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model versions this replica holds, bounded by count and by memory: loading one beyond either bound unloads the
 * least recently used others. A version is loaded once however many requests ask for it at the same time (the first
 * caller loads, the others wait for it); a failed load is not remembered, so the next request tries again.
 */
public final class ModelCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelCache.class);

    /** Told when models come and go, and asked for each queue's batch observer (for metrics). */
    public interface Listener {
        default void loaded(ServedModel model) {}

        default void unloaded(ServedModel model) {}

        default BatchObserver batchObserver(ModelKey key) {
            return BatchObserver.NONE;
        }
    }

    private final ModelLoader loader;
    private final BatchSettings batching;
    private final int maxModels;
    private final long maxMemoryBytes;
    private final Listener listener;
    private final Map<ModelKey, CompletableFuture<ServedModel>> entries = new ConcurrentHashMap<>();
    private final Object evictionLock = new Object();
    private final ExecutorService unloader = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "model-unloader");
        thread.setDaemon(true);
        return thread;
    });

    public ModelCache(
            ModelLoader loader, BatchSettings batching, int maxModels, long maxMemoryBytes, Listener listener) {
        if (maxModels < 1) {
            throw new IllegalArgumentException("max-models must be 1 or more, got " + maxModels);
        }
        this.loader = loader;
        this.batching = batching;
        this.maxModels = maxModels;
        this.maxMemoryBytes = maxMemoryBytes;
        this.listener = listener;
    }

    /**
     * The served model of a version, loading it if needed (blocking until it is loaded).
     *
     * @throws InferenceException if it cannot be loaded
     */
    public ServedModel get(ModelKey key) {
        CompletableFuture<ServedModel> entry = entries.get(key);
        if (entry == null) {
            CompletableFuture<ServedModel> created = new CompletableFuture<>();
            entry = entries.putIfAbsent(key, created);
            if (entry == null) {
                entry = created;
                load(key, created);
            }
        }
        ServedModel model = await(entry);
        model.touch();
        return model;
    }

    /** The served model of a version if it is loaded now. */
    public Optional<ServedModel> ifLoaded(ModelKey key) {
        CompletableFuture<ServedModel> entry = entries.get(key);
        if (entry == null || !entry.isDone() || entry.isCompletedExceptionally()) {
            return Optional.empty();
        }
        return Optional.of(entry.join());
    }

    /** The loaded models. */
    public List<ServedModel> loaded() {
        return entries.values().stream()
                .filter(f -> f.isDone() && !f.isCompletedExceptionally())
                .map(CompletableFuture::join)
                .toList();
    }

    /** Unloads a version (after its queued requests finish); requests that come later load it again. */
    public void evict(ModelKey key) {
        CompletableFuture<ServedModel> entry = entries.remove(key);
        if (entry != null) {
            entry.thenAccept(this::unload);
        }
    }

    private void load(ModelKey key, CompletableFuture<ServedModel> entry) {
        ServedModel model;
        try {
            ModelLoader.LoadedVersion version = loader.load(key);
            try {
                BatchQueue queue =
                        new BatchQueue(key.toString(), version.model(), batching, listener.batchObserver(key));
                model = new ServedModel(key, version.info(), version.model(), queue);
            } catch (RuntimeException e) {
                version.model().close();
                throw e;
            }
        } catch (RuntimeException e) {
            entries.remove(key, entry);
            entry.completeExceptionally(e);
            return;
        }
        entry.complete(model);
        listener.loaded(model);
        evictBeyondBounds(key);
    }

    private void evictBeyondBounds(ModelKey keep) {
        synchronized (evictionLock) {
            while (true) {
                List<ServedModel> models = loaded();
                long memory =
                        models.stream().mapToLong(ServedModel::memoryBytes).sum();
                if (models.size() <= maxModels && memory <= maxMemoryBytes) {
                    return;
                }
                Optional<ServedModel> victim = models.stream()
                        .filter(m -> !m.key().equals(keep))
                        .min(Comparator.comparingLong(ServedModel::lastUsedNanos));
                if (victim.isEmpty()) {
                    return;
                }
                log.info(
                        "unloading model {}: {} models and {} bytes held, the bounds are {} models and {} bytes",
                        victim.get().key(),
                        models.size(),
                        memory,
                        maxModels,
                        maxMemoryBytes);
                evict(victim.get().key());
            }
        }
    }

    private void unload(ServedModel model) {
        listener.unloaded(model);
        unloader.execute(() -> {
            try {
                model.close();
                log.info("unloaded model {}", model.key());
            } catch (RuntimeException e) {
                log.warn("unloading model {} failed: {}", model.key(), e.getMessage());
            }
        });
    }

    private static ServedModel await(CompletableFuture<ServedModel> entry) {
        try {
            return entry.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        entries.keySet().forEach(this::evict);
        unloader.shutdown();
    }
}
