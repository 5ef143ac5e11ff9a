package dev.kiln.training.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of a training worker, under {@code kiln.training}.
 *
 * @param storage the S3 server that holds data sets, checkpoints and artifacts
 * @param device {@code auto} (GPUs when this machine has them), {@code cpu} or {@code gpu}
 * @param queues the job topics to consume; empty means "by device": {@code training-jobs-cpu}, plus
 *     {@code training-jobs-gpu} first on a worker with GPUs
 * @param groupId the consumer group the workers of one queue share
 * @param workerId this worker's id; empty means host name and process id
 * @param maxAttempts attempts per job before it is failed and dead-lettered
 * @param sessionTimeout Kafka consumer session timeout: how fast a dead worker's jobs move to another worker
 * @param heartbeatInterval how often a {@code WorkerHeartbeat} is published
 * @param progressInterval the least time between two {@code BatchProgress} events of a job
 * @param threads libtorch intra-op threads; 0 leaves libtorch's default (one per core)
 * @param workDir local scratch space
 */
@ConfigurationProperties("kiln.training")
public record TrainingProperties(
        Storage storage,
        @DefaultValue("auto") String device,
        @DefaultValue List<String> queues,
        @DefaultValue("training-service") String groupId,
        @DefaultValue("") String workerId,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("10s") Duration sessionTimeout,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("500ms") Duration progressInterval,
        @DefaultValue("0") int threads,
        @DefaultValue("/tmp/kiln-training") Path workDir) {

    public TrainingProperties {
        queues = queues == null ? List.of() : List.copyOf(queues);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("kiln.training.max-attempts must be at least 1, got " + maxAttempts);
        }
    }

    /**
     * The S3 server (MinIO in production) that holds data sets, checkpoints and artifacts.
     *
     * @param endpoint the S3 API's URL, e.g. {@code http://minio:9000}
     * @param accessKey the S3 access key
     * @param secretKey the S3 secret key
     * @param bucket the bucket that holds data sets, checkpoints and model artifacts
     */
    public record Storage(String endpoint, String accessKey, String secretKey, String bucket) {}
}
