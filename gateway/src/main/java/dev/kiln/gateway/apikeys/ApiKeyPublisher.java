package dev.kiln.gateway.apikeys;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Writes API key records to the compacted {@code api-keys} topic (creating it on first use) and waits until Kafka has
 * them ({@code acks=all}).
 */
@Component
class ApiKeyPublisher implements DisposableBean {
    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;
    private volatile boolean topicChecked;

    ApiKeyPublisher(Environment environment) {
        this.bootstrapServers = environment.getProperty("spring.kafka.bootstrap-servers", "127.0.0.1:9092");
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "gateway-api-keys");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_001);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(config);
    }

    Mono<Void> publish(ApiKey key) {
        return Mono.fromCallable(() -> {
                    ensureTopic();
                    return producer.send(new ProducerRecord<>(ApiKeyTopic.NAME, key.id(), ApiKeyCodec.toBytes(key)))
                            .get(15, TimeUnit.SECONDS);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }

    /** Creates the compacted topic unless it exists; the followers wait for it to appear. */
    void ensureTopic() throws InterruptedException, ExecutionException, TimeoutException {
        if (topicChecked) {
            return;
        }
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            NewTopic topic = new NewTopic(ApiKeyTopic.NAME, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            CompletableFuture<Void> created =
                    admin.createTopics(List.of(topic)).all().toCompletionStage().toCompletableFuture();
            try {
                created.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        topicChecked = true;
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(5));
    }
}
