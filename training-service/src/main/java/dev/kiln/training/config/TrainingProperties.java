package dev.kiln.training.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings of a training worker, under {@code kiln.training}. */
@ConfigurationProperties("kiln.training")
public record TrainingProperties(
        Storage storage,
        @DefaultValue("training-jobs-cpu") String queue,
        @DefaultValue("/tmp/kiln-training") Path workDir) {

    /** The S3 server (MinIO in production) that holds data sets, checkpoints and artifacts. */
    public record Storage(String endpoint, String accessKey, String secretKey, String bucket) {}
}
