package dev.kiln.training.metrics;

import dev.kiln.contracts.events.BatchProgress;
import dev.kiln.contracts.events.EpochCompleted;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.TrainingJobCancelled;
import dev.kiln.contracts.events.TrainingJobFailed;
import dev.kiln.contracts.events.TrainingJobSucceeded;
import dev.kiln.training.worker.WorkerContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * A worker's training metrics, tagged by worker id (Prometheus names): {@code kiln_training_jobs_active} (1 while it
 * trains a job), {@code kiln_training_samples_per_second} (the latest progress or epoch of the job it
 * trains; 0 when idle) and
 * {@code kiln_training_jobs_total} by outcome ({@code succeeded}, {@code failed}, {@code cancelled}; a retried
 * attempt is {@code retried}). They follow the events the worker publishes, so they say what it announced.
 */
@Component
public class TrainingMetrics {
    private final MeterRegistry registry;
    private final String workerId;
    private final AtomicReference<Double> samplesPerSecond = new AtomicReference<>(0.0);
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

    TrainingMetrics(MeterRegistry registry, WorkerContext worker) {
        this.registry = registry;
        this.workerId = worker.workerId();
        Gauge.builder("kiln.training.jobs.active", worker, w -> w.currentJob() == null ? 0 : 1)
                .description("Jobs this worker trains now (0 or 1)")
                .tag("worker", workerId)
                .register(registry);
        Gauge.builder("kiln.training.samples.per.second", samplesPerSecond, AtomicReference::get)
                .description("Training speed of the job this worker trains (latest progress); 0 when idle")
                .tag("worker", workerId)
                .register(registry);
    }

    /** Updates the meters from an event this worker published. */
    public void published(JobEvent event) {
        if (event instanceof BatchProgress progress) {
            samplesPerSecond.set(progress.samplesPerSecond());
        } else if (event instanceof EpochCompleted epoch) {
            samplesPerSecond.set(epoch.samplesPerSecond());
        } else if (event instanceof TrainingJobSucceeded) {
            ended("succeeded");
        } else if (event instanceof TrainingJobCancelled) {
            ended("cancelled");
        } else if (event instanceof TrainingJobFailed failed) {
            ended(failed.retryable() ? "retried" : "failed");
        }
    }

    private void ended(String outcome) {
        samplesPerSecond.set(0.0);
        outcomes.computeIfAbsent(outcome, o -> Counter.builder("kiln.training.jobs")
                        .description("Jobs this worker ended, by outcome")
                        .tags("worker", workerId, "outcome", o)
                        .register(registry))
                .increment();
    }
}
