package dev.kiln.inference.metrics;

import dev.kiln.inference.batching.BatchObserver;
import dev.kiln.inference.models.ModelCache;
import dev.kiln.inference.models.ModelKey;
import dev.kiln.inference.models.ServedModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The inference metrics, tagged by model and version (Prometheus names): {@code kiln_inference_requests_total}
 * (also by protocol and outcome), latency histograms {@code kiln_inference_request_seconds},
 * {@code kiln_inference_queue_seconds} and {@code kiln_inference_compute_seconds} (per batch),
 * {@code kiln_inference_batch_size} (samples per batch), {@code kiln_inference_models_loaded} and
 * {@code kiln_inference_model_memory_bytes}. Meters are looked up once per model version and kept.
 */
public final class InferenceMetrics implements ModelCache.Listener {
    /** The model tag of requests whose model could not be resolved (keeps unknown names out of the tags). */
    public static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;
    private final AtomicInteger loaded = new AtomicInteger();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<ModelKey, Timer> queueTimers = new ConcurrentHashMap<>();
    private final Map<ModelKey, Gauge> memoryGauges = new ConcurrentHashMap<>();

    public InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("kiln.inference.models.loaded", loaded, AtomicInteger::get)
                .description("Model versions loaded in this replica")
                .register(registry);
    }

    /** A request ended; {@code key} is null when its model could not be resolved. */
    public void request(ModelKey key, String protocol, String outcome, long nanos) {
        String model = key == null ? UNKNOWN : key.name();
        String version = key == null ? UNKNOWN : String.valueOf(key.version());
        counters.computeIfAbsent(model + '/' + version + '/' + protocol + '/' + outcome, k -> Counter.builder(
                                "kiln.inference.requests")
                        .description("Inference requests by outcome")
                        .tags(Tags.of("model", model, "version", version, "protocol", protocol, "outcome", outcome))
                        .register(registry))
                .increment();
        requestTimers
                .computeIfAbsent(model + '/' + version + '/' + protocol, k -> latency(
                                "kiln.inference.request", "Whole inference requests, from receipt to answer")
                        .tags(Tags.of("model", model, "version", version, "protocol", protocol))
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Time a request waited in its model's queue. */
    public void queued(ModelKey key, long nanos) {
        queueTimers
                .computeIfAbsent(key, k -> latency("kiln.inference.queue", "Time requests wait for their batch")
                        .tags(tags(k))
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public BatchObserver batchObserver(ModelKey key) {
        Timer compute = latency("kiln.inference.compute", "Time the engine takes to run one batch")
                .tags(tags(key))
                .register(registry);
        DistributionSummary size = DistributionSummary.builder("kiln.inference.batch.size")
                .description("Samples per batch")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
                .tags(tags(key))
                .register(registry);
        return (rows, requests, computeNanos) -> {
            compute.record(computeNanos, TimeUnit.NANOSECONDS);
            size.record(rows);
        };
    }

    @Override
    public void loaded(ServedModel model) {
        loaded.incrementAndGet();
        memoryGauges.computeIfAbsent(
                model.key(), key -> Gauge.builder("kiln.inference.model.memory", model, ServedModel::memoryBytes)
                        .description("Memory a loaded model version holds")
                        .baseUnit("bytes")
                        .tags(tags(key))
                        .register(registry));
    }

    @Override
    public void unloaded(ServedModel model) {
        loaded.decrementAndGet();
        Gauge gauge = memoryGauges.remove(model.key());
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    private static Timer.Builder latency(String name, String description) {
        return Timer.builder(name)
                .description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(30));
    }

    private static Tags tags(ModelKey key) {
        return Tags.of("model", key.name(), "version", String.valueOf(key.version()));
    }
}
