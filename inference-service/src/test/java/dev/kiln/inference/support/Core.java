package dev.kiln.inference.support;

import ai.onnxruntime.OrtEnvironment;
import dev.kiln.inference.batching.BatchSettings;
import dev.kiln.inference.metrics.InferenceMetrics;
import dev.kiln.inference.models.ModelCache;
import dev.kiln.inference.models.ModelLoader;
import dev.kiln.inference.models.ModelRef;
import dev.kiln.inference.models.ModelResolver;
import dev.kiln.inference.runtime.OrtModelRuntime;
import dev.kiln.inference.serving.InferInput;
import dev.kiln.inference.serving.InferRequest;
import dev.kiln.inference.serving.InferenceService;
import dev.kiln.inference.serving.ServerMetadata;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The whole inference core, wired as the application wires it (ONNX Runtime, loader, cache, resolver, batching,
 * metrics), over a catalog and artifact store kept in memory.
 */
public final class Core implements AutoCloseable {
    public static final BatchSettings BATCHING = new BatchSettings(64, Duration.ofMillis(1), 256, 1);

    public final InMemoryCatalog catalog = new InMemoryCatalog();
    public final InMemoryArtifacts artifacts = new InMemoryArtifacts();
    public final ModelShelf shelf = new ModelShelf(catalog, artifacts::put, "kiln");
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    public final InferenceMetrics metrics = new InferenceMetrics(meters);
    public final ModelCache cache;
    public final ModelResolver resolver;
    public final InferenceService service;
    private final ExecutorService refreshes = Executors.newFixedThreadPool(2);

    public Core() {
        this(BATCHING, 8, 1L << 31, 16L << 20);
    }

    public Core(BatchSettings batching, int maxModels, long maxMemory, long maxRequestBytes) {
        OrtModelRuntime runtime = new OrtModelRuntime(OrtEnvironment.getEnvironment(), 1, false);
        ModelLoader loader = new ModelLoader(catalog, artifacts, runtime, maxMemory);
        cache = new ModelCache(loader, batching, maxModels, maxMemory, metrics);
        resolver = new ModelResolver(catalog, cache, Duration.ofMinutes(5), refreshes);
        service = new InferenceService(
                resolver,
                cache,
                metrics,
                new ServerMetadata("kiln-inference", "test", List.of()),
                maxRequestBytes,
                Duration.ofSeconds(30));
    }

    /** A request for {@code rows} samples of the Fashion-MNIST input. */
    public static InferRequest request(String model, String version, float[] samples, int rows, String... outputs) {
        return new InferRequest(
                ModelRef.parse(model, version),
                null,
                List.of(new InferInput("input", "FP32", new long[] {rows, 1, 28, 28}, FloatBuffer.wrap(samples))),
                List.of(outputs),
                "test",
                System.nanoTime());
    }

    @Override
    public void close() {
        cache.close();
        refreshes.shutdownNow();
    }
}
