package dev.kiln.inference.serving;

import dev.kiln.inference.batching.BatchItem;
import dev.kiln.inference.batching.BatchResult;
import dev.kiln.inference.batching.QueueClosedException;
import dev.kiln.inference.error.ErrorCode;
import dev.kiln.inference.error.InferenceException;
import dev.kiln.inference.metrics.InferenceMetrics;
import dev.kiln.inference.models.ModelCache;
import dev.kiln.inference.models.ModelKey;
import dev.kiln.inference.models.ModelRef;
import dev.kiln.inference.models.ModelResolver;
import dev.kiln.inference.models.ServedModel;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one inference core both transports call (the Open Inference Protocol's data plane): health, metadata,
 * readiness and inference, in neutral records. It resolves the model, validates the request against it, queues it
 * for batching, waits for the result and adds the {@code label} output. It knows nothing of HTTP or gRPC.
 */
public final class InferenceService {
    private static final int ATTEMPTS = 3;

    private final ModelResolver resolver;
    private final ModelCache cache;
    private final InferenceMetrics metrics;
    private final ServerMetadata server;
    private final long maxTensorBytes;
    private final long timeoutNanos;

    /**
     * @param maxTensorBytes the most tensor bytes one request may carry
     * @param timeout how long a request may wait for its result
     */
    public InferenceService(
            ModelResolver resolver,
            ModelCache cache,
            InferenceMetrics metrics,
            ServerMetadata server,
            long maxTensorBytes,
            Duration timeout) {
        this.resolver = resolver;
        this.cache = cache;
        this.metrics = metrics;
        this.server = server;
        this.maxTensorBytes = maxTensorBytes;
        this.timeoutNanos = timeout.toNanos();
    }

    public boolean live() {
        return true;
    }

    public boolean ready() {
        return true;
    }

    public ServerMetadata serverMetadata() {
        return server;
    }

    /** @throws InferenceException NOT_FOUND for an unknown model; UNAVAILABLE if it cannot be loaded */
    public ModelMetadata modelMetadata(ModelRef ref) {
        ServedModel model = cache.get(resolver.resolve(ref));
        return new ModelMetadata(
                model.key().name(),
                List.of(String.valueOf(model.key().version())),
                ServedModel.PLATFORM,
                model.inputs(),
                model.outputs(),
                model.labels());
    }

    /**
     * Whether the model can answer now (it is loaded, or loads now).
     *
     * @throws InferenceException NOT_FOUND for an unknown model
     */
    public boolean modelReady(ModelRef ref) {
        ModelKey key = resolver.resolve(ref);
        try {
            cache.get(key);
            return true;
        } catch (InferenceException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw e;
            }
            return false;
        }
    }

    /** Runs a request through its model's batch queue and waits for the answer (resolving and loading inline). */
    public InferResponse infer(InferRequest request) {
        try {
            return inferAsync(request, Runnable::run).join();
        } catch (RuntimeException e) {
            throw InferenceException.unwrap(e);
        }
    }

    /**
     * Runs a request without blocking the caller when its model is already resolved and loaded (the common case): it
     * runs at once on the caller's thread if the model is idle, else it completes later on a batch worker. Resolving
     * and loading, which may wait on the registry and object storage, run on {@code blocking}.
     */
    public CompletableFuture<InferResponse> inferAsync(InferRequest request, Executor blocking) {
        AtomicReference<ModelKey> key = new AtomicReference<>();
        CompletableFuture<InferResponse> response;
        try {
            ModelKey known = resolver.resolveKnown(request.model());
            Optional<ServedModel> loaded = known == null ? Optional.empty() : cache.ifLoaded(known);
            response =
                    loaded.isPresent() ? run(loaded.get(), request, key, 1, blocking) : load(request, key, 1, blocking);
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        if (!response.isDone()) {
            long remaining = request.receivedNanos() + timeoutNanos - System.nanoTime();
            response = response.orTimeout(Math.max(1, remaining), TimeUnit.NANOSECONDS);
        }
        return response.handle((answer, failure) -> {
            if (failure == null) {
                metrics.request(key.get(), request.protocol(), "success", System.nanoTime() - request.receivedNanos());
                return answer;
            }
            RuntimeException error = failure(failure, key.get());
            String outcome =
                    error instanceof InferenceException e ? e.code().name().toLowerCase(Locale.ROOT) : "internal";
            metrics.request(
                    outcome.equals("not_found") ? null : key.get(),
                    request.protocol(),
                    outcome,
                    System.nanoTime() - request.receivedNanos());
            throw error;
        });
    }

    private CompletableFuture<InferResponse> load(
            InferRequest request, AtomicReference<ModelKey> key, int attempt, Executor blocking) {
        return CompletableFuture.supplyAsync(() -> cache.get(resolver.resolve(request.model())), blocking)
                .thenCompose(model -> run(model, request, key, attempt, blocking));
    }

    private CompletableFuture<InferResponse> run(
            ServedModel model, InferRequest request, AtomicReference<ModelKey> key, int attempt, Executor blocking) {
        key.set(model.key());
        BatchItem item = RequestValidator.batchItem(model, request, maxTensorBytes);
        int[] outputs = RequestValidator.outputs(model, request.requestedOutputs());
        CompletableFuture<BatchResult> pending;
        try {
            pending = model.queue().submit(item);
        } catch (QueueClosedException e) {
            if (attempt < ATTEMPTS) {
                return load(request, key, attempt + 1, blocking); // unloaded between resolving and queuing
            }
            throw InferenceException.unavailable("model " + model.key() + " is being unloaded; retry", e);
        }
        return pending.thenApply(result -> {
            metrics.queued(model.key(), result.queueNanos());
            return Outputs.response(model, request.id(), result, outputs);
        });
    }

    private RuntimeException failure(Throwable failure, ModelKey key) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof TimeoutException ? timeout(key) : InferenceException.unwrap(cause);
    }

    private InferenceException timeout(ModelKey key) {
        return InferenceException.unavailable(
                "model " + (key == null ? "" : key + " ") + "did not answer within "
                        + Duration.ofNanos(timeoutNanos).toMillis() + " ms",
                null);
    }
}
