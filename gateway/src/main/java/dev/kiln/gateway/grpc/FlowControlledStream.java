package dev.kiln.gateway.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * Sends a Flux down a gRPC server stream one message at a time, asking for the next only while the transport is
 * ready: a slow gRPC client exerts back-pressure (its events wait, bounded, in the hub's buffer for it) instead of
 * piling up in gRPC's own unbounded send queue. A cancelled call cancels the Flux.
 */
final class FlowControlledStream<T> extends BaseSubscriber<T> {
    private final ServerCallStreamObserver<T> call;
    private final AtomicBoolean awaiting = new AtomicBoolean();

    private FlowControlledStream(ServerCallStreamObserver<T> call) {
        this.call = call;
    }

    static <T> void send(Flux<T> items, StreamObserver<T> observer) {
        ServerCallStreamObserver<T> call = (ServerCallStreamObserver<T>) observer;
        FlowControlledStream<T> stream = new FlowControlledStream<>(call);
        call.setOnReadyHandler(stream::askIfReady);
        call.setOnCancelHandler(stream::dispose);
        items.subscribe(stream);
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        askIfReady();
    }

    @Override
    protected void hookOnNext(T value) {
        awaiting.set(false);
        if (call.isCancelled()) {
            dispose();
            return;
        }
        call.onNext(value);
        askIfReady();
    }

    @Override
    protected void hookOnComplete() {
        if (!call.isCancelled()) {
            call.onCompleted();
        }
    }

    @Override
    protected void hookOnError(Throwable error) {
        if (!call.isCancelled()) {
            call.onError(GrpcStatuses.of(error));
        }
    }

    private void askIfReady() {
        if (call.isReady() && !isDisposed() && awaiting.compareAndSet(false, true)) {
            request(1);
        }
    }
}
