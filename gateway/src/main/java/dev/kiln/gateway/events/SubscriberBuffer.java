package dev.kiln.gateway.events;

import java.util.ArrayDeque;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * One subscriber's bounded queue between the shared Kafka reader and the subscriber's connection. {@link #offer}
 * never blocks: it hands the item on when the subscriber has demand and queues it otherwise; when the queue is full
 * the oldest items give way to a {@link JobStreamItem.Resync} marker. So a slow subscriber loses events (and is told
 * so) instead of slowing the reader and everyone else.
 */
final class SubscriberBuffer {
    private final int capacity;
    private final ArrayDeque<JobStreamItem> queue = new ArrayDeque<>();
    private final Flux<JobStreamItem> flux;
    private FluxSink<JobStreamItem> sink;
    private boolean draining;

    SubscriberBuffer(int capacity, Runnable onCancel) {
        this.capacity = Math.max(2, capacity);
        this.flux = Flux.create(
                emitter -> {
                    synchronized (this) {
                        sink = emitter;
                    }
                    emitter.onRequest(n -> drain());
                    emitter.onDispose(onCancel::run);
                    drain();
                },
                FluxSink.OverflowStrategy.ERROR);
    }

    /** The items, for one subscription. */
    Flux<JobStreamItem> flux() {
        return flux;
    }

    void offer(JobStreamItem item) {
        synchronized (this) {
            if (queue.size() >= capacity) {
                long dropped = 0;
                while (queue.size() >= capacity - 1) {
                    JobStreamItem oldest = queue.pollFirst();
                    dropped += oldest instanceof JobStreamItem.Resync resync ? resync.dropped() : 1;
                }
                queue.addFirst(new JobStreamItem.Resync(dropped));
            }
            queue.addLast(item);
        }
        drain();
    }

    /** Items queued now (for tests and metrics). */
    synchronized int queued() {
        return queue.size();
    }

    private void drain() {
        synchronized (this) {
            if (draining || sink == null) {
                return;
            }
            draining = true;
            try {
                while (!queue.isEmpty() && sink.requestedFromDownstream() > 0 && !sink.isCancelled()) {
                    sink.next(queue.pollFirst());
                }
            } finally {
                draining = false;
            }
        }
    }
}
