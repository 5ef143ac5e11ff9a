package dev.kiln.inference.api.grpc;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Where a gRPC call runs, for a server whose default executor is the network thread itself: there when the server is
 * idle (no call in flight and none finished within {@code quiet}), so a lone client pays no hand-off to a call pool
 * and back; on the {@code pool} otherwise, so a connection carrying many clients is never run one call after another
 * on one network thread (a call read right behind another finds the quiet time not yet passed) and batching goes on.
 * grpc-java asks at each call's start, on the network thread; calls are counted in flight from the interceptor until
 * they complete or are cancelled. A zero or negative {@code quiet} sends every call to the pool.
 */
final class EventLoopWhenIdle implements ServerCallExecutorSupplier, ServerInterceptor {
    private final long quietNanos;
    private final LongSupplier clock;
    private final Executor pool;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long lastFinishedNanos;

    EventLoopWhenIdle(Duration quiet, LongSupplier clock, Executor pool) {
        this.quietNanos = quiet.toNanos();
        this.clock = clock;
        this.pool = pool;
        this.lastFinishedNanos = clock.getAsLong() - Math.max(0, quietNanos);
    }

    /** Null (the server's default: the network thread) when idle, else the pool. */
    @Override
    public <Q, A> Executor getExecutor(ServerCall<Q, A> call, Metadata headers) {
        boolean idle = quietNanos > 0 && inFlight.get() == 0 && clock.getAsLong() - lastFinishedNanos >= quietNanos;
        return idle ? null : pool;
    }

    /** Counts the call in flight until it completes or is cancelled. */
    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        inFlight.incrementAndGet();
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(call, headers);
        } catch (Throwable e) {
            finished();
            throw e;
        }
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onComplete() {
                try {
                    super.onComplete();
                } finally {
                    finished();
                }
            }

            @Override
            public void onCancel() {
                try {
                    super.onCancel();
                } finally {
                    finished();
                }
            }
        };
    }

    /** Calls started and not yet completed or cancelled. */
    int inFlight() {
        return inFlight.get();
    }

    private void finished() {
        lastFinishedNanos = clock.getAsLong();
        inFlight.decrementAndGet();
    }
}
