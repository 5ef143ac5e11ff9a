package dev.kiln.training.events;

import dev.kiln.contracts.events.BatchProgress;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.training.engine.BatchListener;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** Turns every trained batch into at most one {@code BatchProgress} per interval (500 ms: twice a second). */
public final class ProgressThrottle implements BatchListener {
    private final String jobId;
    private final Consumer<JobEvent> sink;
    private final long intervalNanos;
    private final LongSupplier clock;
    private long last = Long.MIN_VALUE;

    public ProgressThrottle(String jobId, JobEventPublisher publisher, Duration interval) {
        this(jobId, publisher::publish, interval, System::nanoTime);
    }

    ProgressThrottle(String jobId, Consumer<JobEvent> sink, Duration interval, LongSupplier clock) {
        this.jobId = jobId;
        this.sink = sink;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
    }

    @Override
    public void onBatch(
            int epoch, int batch, int batchesPerEpoch, double loss, double accuracy, double samplesPerSecond) {
        long now = clock.getAsLong();
        if (last != Long.MIN_VALUE && now - last < intervalNanos) {
            return;
        }
        last = now;
        sink.accept(BatchProgress.of(jobId, epoch, batch, batchesPerEpoch, loss, accuracy, samplesPerSecond));
    }
}
