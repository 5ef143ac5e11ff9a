package dev.kiln.training.events;

import dev.kiln.contracts.events.WorkerHeartbeat;
import dev.kiln.training.config.TrainingProperties;
import dev.kiln.training.worker.WorkerContext;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Publishes this worker's {@code WorkerHeartbeat} (devices, cores, memory, current job) every few seconds. */
@Component
class HeartbeatPublisher implements SmartLifecycle {
    private final JobEventPublisher publisher;
    private final WorkerContext worker;
    private final long intervalMillis;
    private ScheduledExecutorService timer;

    HeartbeatPublisher(JobEventPublisher publisher, WorkerContext worker, TrainingProperties properties) {
        this.publisher = publisher;
        this.worker = worker;
        this.intervalMillis = properties.heartbeatInterval().toMillis();
    }

    WorkerHeartbeat heartbeat() {
        Runtime runtime = Runtime.getRuntime();
        return WorkerHeartbeat.of(
                worker.workerId(),
                worker.devices(),
                runtime.availableProcessors(),
                memoryBytes(runtime),
                worker.currentJob(),
                String.join(",", worker.queues()));
    }

    /** The machine's memory (training tensors live outside the Java heap), else the heap's limit. */
    private static long memoryBytes(Runtime runtime) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return runtime.maxMemory();
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "worker-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> publisher.heartbeat(heartbeat()), 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
