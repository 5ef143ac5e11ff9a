package dev.kiln.inference.batching;

import dev.kiln.inference.runtime.ModelRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes requests off a {@link BatchQueue} and runs them in batches: it takes the first waiting request, then a free
 * runner (waiting for one while callers use them, which lets more requests gather), then every request waiting, up
 * to max-batch-size rows. It waits up to max-batch-delay (counted from the first request's arrival) for more only
 * when it found more than one request waiting, which is when waiting can fill a batch; a lone request never waits.
 */
final class BatchWorker implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(BatchWorker.class);
    private static final long IDLE_POLL_MILLIS = 50;

    private final BatchQueue owner;
    private final BatchRunner runs;
    private final int maxRows;
    private final long maxDelayNanos;
    private final List<BatchQueue.Queued> batch = new ArrayList<>();
    private BatchQueue.Queued carry;

    BatchWorker(BatchQueue owner, BatchRunner runs, BatchSettings settings) {
        this.owner = owner;
        this.runs = runs;
        this.maxRows = settings.maxBatchSize();
        this.maxDelayNanos = settings.maxBatchDelay().toNanos();
    }

    @Override
    public void run() {
        try {
            while (true) {
                BatchQueue.Queued first =
                        carry != null ? carry : owner.queue().poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                carry = null;
                if (first == null) {
                    if (owner.closed() && owner.queue().isEmpty()) {
                        return;
                    }
                    continue;
                }
                ModelRunner runner = owner.runners().take();
                try {
                    int rows = collect(first);
                    runs.run(batch, rows, runner);
                } finally {
                    batch.clear();
                    owner.runners().offer(runner);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("batch worker of {} stopped: {}", owner.name(), e.getMessage(), e);
        }
    }

    private int collect(BatchQueue.Queued first) throws InterruptedException {
        batch.add(first);
        int rows = first.item().rows();
        if (!runs.batchable()) {
            return rows;
        }
        long deadline = first.enqueuedNanos() + maxDelayNanos;
        while (rows < maxRows) {
            BatchQueue.Queued next = owner.queue().poll();
            if (next == null) {
                long wait = deadline - System.nanoTime();
                if (batch.size() == 1 || wait <= 0) {
                    break;
                }
                next = owner.queue().poll(wait, TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
            }
            if (rows + next.item().rows() > maxRows) {
                carry = next;
                break;
            }
            batch.add(next);
            rows += next.item().rows();
        }
        return rows;
    }
}
