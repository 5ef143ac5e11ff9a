package dev.kiln.inference.config;

import dev.kiln.contracts.Topics;
import dev.kiln.inference.batching.BatchSettings;
import dev.kiln.inference.metrics.InferenceMetrics;
import dev.kiln.inference.models.ArtifactStore;
import dev.kiln.inference.models.ModelCache;
import dev.kiln.inference.models.ModelCatalog;
import dev.kiln.inference.models.ModelLoader;
import dev.kiln.inference.models.ModelResolver;
import dev.kiln.inference.models.RegistryClient;
import dev.kiln.inference.models.S3ArtifactStore;
import dev.kiln.inference.runtime.ModelRuntime;
import dev.kiln.inference.serving.InferenceService;
import dev.kiln.inference.serving.ServerMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.MinioClient;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;

/** Wires the inference core: registry client, artifact store, loader, cache, resolver, metrics and the data plane. */
@Configuration(proxyBeanMethods = false)
class InferenceConfiguration {

    @Bean
    ModelCatalog modelCatalog(InferenceProperties properties) {
        return new RegistryClient(properties.registryUrl(), properties.registryTimeout());
    }

    @Bean
    ArtifactStore artifactStore(InferenceProperties properties) {
        InferenceProperties.Storage storage = properties.storage();
        if (storage == null || storage.endpoint() == null || storage.bucket() == null) {
            throw new IllegalStateException("kiln.inference.storage.endpoint and .bucket are required: the S3 server"
                    + " and bucket that hold model artifacts (e.g. http://127.0.0.1:9000 and kiln)");
        }
        MinioClient client = MinioClient.builder()
                .endpoint(storage.endpoint())
                .credentials(storage.accessKey(), storage.secretKey())
                .build();
        return new S3ArtifactStore(client, storage.bucket());
    }

    @Bean
    InferenceMetrics inferenceMetrics(MeterRegistry registry) {
        return new InferenceMetrics(registry);
    }

    @Bean(destroyMethod = "close")
    ModelCache modelCache(
            ModelCatalog catalog,
            ArtifactStore store,
            ModelRuntime runtime,
            InferenceMetrics metrics,
            InferenceProperties properties) {
        InferenceProperties.Cache cache = properties.cache();
        InferenceProperties.Batching batching = properties.batching();
        ModelLoader loader =
                new ModelLoader(catalog, store, runtime, cache.maxMemory().toBytes());
        return new ModelCache(
                loader,
                new BatchSettings(
                        batching.maxBatchSize(), batching.maxBatchDelay(), batching.queueSize(), batching.workers()),
                cache.maxModels(),
                cache.maxMemory().toBytes(),
                metrics);
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService modelRefreshExecutor() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "model-refresh-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    ModelResolver modelResolver(
            ModelCatalog catalog, ModelCache cache, ExecutorService modelRefreshExecutor, InferenceProperties p) {
        return new ModelResolver(catalog, cache, p.resolutionRefresh(), modelRefreshExecutor);
    }

    @Bean
    InferenceService inferenceService(
            ModelResolver resolver,
            ModelCache cache,
            InferenceMetrics metrics,
            InferenceProperties properties,
            Environment environment) {
        ServerMetadata server = new ServerMetadata(
                "kiln-inference", environment.getProperty("spring.application.version", "0.1.0-SNAPSHOT"), List.of());
        return new InferenceService(
                resolver, cache, metrics, server, properties.maxRequestSize().toBytes(), properties.requestTimeout());
    }

    /** Created if missing, so no event is lost to a topic that appears after this replica subscribed. */
    @Bean
    NewTopic modelEventsTopic() {
        return TopicBuilder.name(Topics.MODEL_EVENTS).partitions(4).build();
    }
}
