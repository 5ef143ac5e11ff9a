package dev.kiln.inference.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of an inference replica, under {@code kiln.inference}.
 *
 * @param registryUrl the model registry's base URL
 * @param grpcPort the port of {@code inference.GRPCInferenceService} (0: any free port)
 * @param registryTimeout how long a call to the registry may take
 * @param resolutionRefresh how old a name's resolution may get before it is checked again in the background (model
 *     events switch sooner; this covers a missed event)
 * @param maxRequestSize the largest request: REST body, gRPC message, and tensor bytes in one request
 * @param requestTimeout how long a request may wait for its answer
 * @param grpcIdleQuiet a gRPC call that arrives with no call in flight and none finished for this long runs on the
 *     network thread that read it, sparing a lone client two thread hand-offs; busier calls use the call pool (0:
 *     always the pool)
 */
@ConfigurationProperties("kiln.inference")
public record InferenceProperties(
        Storage storage,
        @DefaultValue("http://127.0.0.1:8081") String registryUrl,
        @DefaultValue("9090") int grpcPort,
        @DefaultValue("5s") Duration registryTimeout,
        @DefaultValue("30s") Duration resolutionRefresh,
        @DefaultValue("32MB") DataSize maxRequestSize,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("50us") Duration grpcIdleQuiet,
        @DefaultValue Cache cache,
        @DefaultValue Batching batching,
        @DefaultValue Runtime runtime) {

    /**
     * The S3 server (MinIO in production) that holds model artifacts.
     *
     * @param endpoint the S3 API's URL, e.g. {@code http://minio:9000}
     * @param accessKey the S3 access key
     * @param secretKey the S3 secret key
     * @param bucket the bucket that holds the model artifacts
     */
    public record Storage(String endpoint, String accessKey, String secretKey, String bucket) {}

    /**
     * The loaded model versions.
     *
     * @param maxModels the most versions held at once
     * @param maxMemory the most memory they may hold together
     */
    public record Cache(@DefaultValue("8") int maxModels, @DefaultValue("2GB") DataSize maxMemory) {}

    /**
     * Dynamic batching, per model version.
     *
     * @param maxBatchSize the most samples run together
     * @param maxBatchDelay how long a worker that found several requests waiting may wait for more
     * @param queueSize the most requests waiting; more are refused with 429 / RESOURCE_EXHAUSTED
     * @param workers threads running batches
     */
    public record Batching(
            @DefaultValue("64") int maxBatchSize,
            @DefaultValue("1ms") Duration maxBatchDelay,
            @DefaultValue("256") int queueSize,
            @DefaultValue("1") int workers) {}

    /**
     * ONNX Runtime.
     *
     * @param intraOpThreads threads inside one run; 0 lets ONNX Runtime choose (one per physical core). One is the
     *     default: concurrency comes from batching and from callers running on their own threads, and a one-thread
     *     run hands nothing to other threads (measured faster for one sample on small machines)
     * @param allowSpinning whether those threads spin while waiting for work (only matters above one thread; it
     *     burns CPU the web and gRPC threads need)
     */
    public record Runtime(@DefaultValue("1") int intraOpThreads, @DefaultValue("false") boolean allowSpinning) {}
}
