package dev.kiln.inference.batching;

import dev.kiln.inference.error.ErrorCode;
import dev.kiln.inference.error.InferenceException;
import dev.kiln.inference.runtime.LoadedModel;
import dev.kiln.inference.runtime.ModelRunner;
import dev.kiln.inference.runtime.TensorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue of one model version, its runners (one per worker, each with its own reusable buffers) and the
 * worker threads that drain the queue into batches. Requests from every client and both transports meet here, so
 * they are batched together. A request that finds the queue empty and a runner free runs at once on its own thread,
 * so a lone client pays no thread hand-off; otherwise it waits in the queue for a worker. A full queue refuses at once
 * ({@link ErrorCode#RESOURCE_EXHAUSTED}); a closed one throws {@link QueueClosedException} so the caller resolves the
 * model again. Closing lets what is queued finish.
 */
public final class BatchQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchQueue.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final BlockingQueue<Queued> queue;
    private final BlockingQueue<ModelRunner> runners;
    private final BatchRunner runs;
    private final ReadWriteLock closing = new ReentrantReadWriteLock();
    private final List<Thread> workers = new ArrayList<>();
    private final int queueSize;
    private volatile boolean closed;

    public BatchQueue(String name, LoadedModel model, BatchSettings settings, BatchObserver observer) {
        this.name = name;
        this.queueSize = settings.queueSize();
        this.queue = new ArrayBlockingQueue<>(settings.queueSize());
        this.runners = new ArrayBlockingQueue<>(settings.workers());
        boolean batchable = model.inputs().stream().allMatch(TensorSpec::batchable);
        this.runs = new BatchRunner(name, model, batchable, observer);
        for (int i = 0; i < settings.workers(); i++) {
            runners.add(model.newRunner());
            Thread thread = new Thread(new BatchWorker(this, runs, settings), "batch-" + name + "-" + i);
            thread.setDaemon(true);
            workers.add(thread);
        }
        workers.forEach(Thread::start);
    }

    /**
     * Runs a request now if the model is idle, else queues it.
     *
     * @return the future of its result
     * @throws InferenceException RESOURCE_EXHAUSTED when the queue is full
     * @throws QueueClosedException when the queue was closed
     */
    public CompletableFuture<BatchResult> submit(BatchItem item) {
        if (queue.isEmpty() && !closed) {
            ModelRunner runner = runners.poll();
            if (runner != null) {
                try {
                    runs.run(List.of(new Queued(item, System.nanoTime())), item.rows(), runner);
                } finally {
                    runners.offer(runner);
                }
                return item.result();
            }
        }
        closing.readLock().lock();
        try {
            if (closed) {
                throw new QueueClosedException(name);
            }
            if (!queue.offer(new Queued(item, System.nanoTime()))) {
                throw new InferenceException(
                        ErrorCode.RESOURCE_EXHAUSTED,
                        "model " + name + " has " + queueSize
                                + " requests waiting, as many as its queue holds; retry in a moment");
            }
        } finally {
            closing.readLock().unlock();
        }
        return item.result();
    }

    /** Requests waiting. */
    public int depth() {
        return queue.size();
    }

    /** Stops taking requests, lets the workers run what is queued, waits for them, then frees the runners (once). */
    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            closing.writeLock().unlock();
        }
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        try {
            for (Thread worker : workers) {
                worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            for (int i = 0; i < workers.size(); i++) {
                ModelRunner runner = runners.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (runner == null) {
                    log.warn("a runner of {} was still busy after {}; not freeing it", name, CLOSE_TIMEOUT);
                    return;
                }
                runner.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    BlockingQueue<Queued> queue() {
        return queue;
    }

    BlockingQueue<ModelRunner> runners() {
        return runners;
    }

    /** True once closed: no request joins any more, so an empty queue stays empty. */
    boolean closed() {
        return closed;
    }

    String name() {
        return name;
    }

    /** A request and when it joined the queue. */
    record Queued(BatchItem item, long enqueuedNanos) {}
}
