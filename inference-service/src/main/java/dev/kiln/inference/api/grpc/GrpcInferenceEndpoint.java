package dev.kiln.inference.api.grpc;

import dev.kiln.contracts.inference.v2.GRPCInferenceServiceGrpc;
import dev.kiln.contracts.inference.v2.ModelInferRequest;
import dev.kiln.contracts.inference.v2.ModelInferResponse;
import dev.kiln.contracts.inference.v2.ModelMetadataRequest;
import dev.kiln.contracts.inference.v2.ModelMetadataResponse;
import dev.kiln.contracts.inference.v2.ModelReadyRequest;
import dev.kiln.contracts.inference.v2.ModelReadyResponse;
import dev.kiln.contracts.inference.v2.ServerLiveRequest;
import dev.kiln.contracts.inference.v2.ServerLiveResponse;
import dev.kiln.contracts.inference.v2.ServerMetadataRequest;
import dev.kiln.contracts.inference.v2.ServerMetadataResponse;
import dev.kiln.contracts.inference.v2.ServerReadyRequest;
import dev.kiln.contracts.inference.v2.ServerReadyResponse;
import dev.kiln.inference.config.InferenceProperties;
import dev.kiln.inference.error.InferenceException;
import dev.kiln.inference.models.ModelRef;
import dev.kiln.inference.runtime.TensorSpec;
import dev.kiln.inference.serving.InferResponse;
import dev.kiln.inference.serving.InferenceService;
import dev.kiln.inference.serving.ModelMetadata;
import dev.kiln.inference.serving.ServerMetadata;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * {@code inference.GRPCInferenceService}: the six calls of KServe's protocol over the same core as REST. Calls run on
 * the server's small call pool, or on the network thread when the server is idle ({@link EventLoopWhenIdle}), so no
 * handler may block: {@code ModelInfer} for a model that is resolved and loaded never waits (it runs at once if the
 * model is idle, else completes from the batch worker); anything that may wait on the registry or object storage
 * (resolving, loading, metadata, readiness) runs on a separate pool.
 */
@Component
class GrpcInferenceEndpoint extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase implements DisposableBean {
    /** Requests up to this size (a few dozen 28×28 images) run on the calling thread, which may be the network's. */
    static final int INLINE_LIMIT_BYTES = 64 * 1024;

    private final InferenceService service;
    private final long maxRequestBytes;
    private final ExecutorService blocking;

    GrpcInferenceEndpoint(InferenceService service, InferenceProperties properties) {
        this.service = service;
        this.maxRequestBytes = properties.maxRequestSize().toBytes();
        AtomicInteger threads = new AtomicInteger();
        this.blocking = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "grpc-blocking-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void destroy() {
        blocking.shutdownNow();
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> response) {
        answer(
                response,
                () -> ServerLiveResponse.newBuilder().setLive(service.live()).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> response) {
        answer(
                response,
                () -> ServerReadyResponse.newBuilder().setReady(service.ready()).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> response) {
        answerBlocking(response, () -> ModelReadyResponse.newBuilder()
                .setReady(service.modelReady(ModelRef.parse(request.getName(), request.getVersion())))
                .build());
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> response) {
        answer(response, () -> {
            ServerMetadata server = service.serverMetadata();
            return ServerMetadataResponse.newBuilder()
                    .setName(server.name())
                    .setVersion(server.version())
                    .addAllExtensions(server.extensions())
                    .build();
        });
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> response) {
        answerBlocking(response, () -> {
            ModelMetadata metadata = service.modelMetadata(ModelRef.parse(request.getName(), request.getVersion()));
            ModelMetadataResponse.Builder builder = ModelMetadataResponse.newBuilder()
                    .setName(metadata.name())
                    .addAllVersions(metadata.versions())
                    .setPlatform(metadata.platform());
            metadata.inputs().forEach(t -> builder.addInputs(tensor(t)));
            metadata.outputs().forEach(t -> builder.addOutputs(tensor(t)));
            return builder.build();
        });
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> response) {
        long received = System.nanoTime();
        if (request.getSerializedSize() > INLINE_LIMIT_BYTES) {
            // this may be the network thread (an idle server): a large request must not hold it while it runs
            try {
                blocking.execute(() -> infer(request, response, received));
            } catch (RejectedExecutionException e) {
                response.onError(Status.UNAVAILABLE
                        .withDescription("the server is stopping")
                        .asRuntimeException());
            }
            return;
        }
        infer(request, response, received);
    }

    private void infer(ModelInferRequest request, StreamObserver<ModelInferResponse> response, long received) {
        CompletableFuture<InferResponse> answer;
        boolean raw = request.getRawInputContentsCount() > 0;
        try {
            if (request.getSerializedSize() > maxRequestBytes) {
                throw InferenceException.invalid("the request is larger than " + maxRequestBytes
                        + " bytes, the limit (kiln.inference.max-request-size); send fewer samples per request");
            }
            answer = service.inferAsync(GrpcCodec.request(request, received), blocking);
        } catch (RuntimeException e) {
            response.onError(GrpcErrors.status(e));
            return;
        }
        answer.whenComplete((result, failure) -> {
            if (failure != null) {
                response.onError(GrpcErrors.status(InferenceException.unwrap(failure)));
                return;
            }
            ModelInferResponse message;
            try {
                message = GrpcCodec.response(result, raw);
            } catch (RuntimeException e) {
                response.onError(GrpcErrors.status(e));
                return;
            }
            response.onNext(message);
            response.onCompleted();
        });
    }

    private static ModelMetadataResponse.TensorMetadata tensor(TensorSpec spec) {
        return ModelMetadataResponse.TensorMetadata.newBuilder()
                .setName(spec.name())
                .setDatatype(spec.datatype())
                .addAllShape(spec.shape())
                .build();
    }

    private <T> void answerBlocking(StreamObserver<T> response, Supplier<T> call) {
        try {
            blocking.execute(() -> answer(response, call));
        } catch (RejectedExecutionException e) {
            response.onError(
                    Status.UNAVAILABLE.withDescription("the server is stopping").asRuntimeException());
        }
    }

    private static <T> void answer(StreamObserver<T> response, Supplier<T> call) {
        T value;
        try {
            value = call.get();
        } catch (RuntimeException e) {
            response.onError(GrpcErrors.status(e));
            return;
        }
        response.onNext(value);
        response.onCompleted();
    }
}
