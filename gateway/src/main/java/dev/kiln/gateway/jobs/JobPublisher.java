package dev.kiln.gateway.jobs;

import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.messaging.CorrelationId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Puts job requests and cancel requests on Kafka with an idempotent producer that waits for every in-sync replica
 * ({@code acks=all}); the returned {@code Mono} completes only once Kafka has the record. {@code send} may block
 * while it fetches metadata, so it runs off the event loop; an unreachable broker fails within seconds with
 * UNAVAILABLE.
 */
@Component
class JobPublisher implements DisposableBean {
    private final KafkaProducer<String, byte[]> producer;

    JobPublisher(KafkaProperties kafka, JobsProperties properties) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "gateway-jobs");
        long timeout = properties.kafkaTimeout().toMillis();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout + 1);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(config);
    }

    /**
     * Sends the event keyed by its job id, with the request's correlation id in the {@value
     * CorrelationId#KAFKA_HEADER} header; completes when Kafka acknowledged it.
     */
    Mono<RecordMetadata> publish(String topic, JobEvent event, CorrelationId correlationId) {
        return Mono.defer(() -> {
                    CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
                    ProducerRecord<String, byte[]> record =
                            new ProducerRecord<>(topic, event.jobId(), EventCodec.toBytes(event));
                    record.headers().add(CorrelationId.KAFKA_HEADER, correlationId.toHeaderValue());
                    producer.send(record, (metadata, error) -> {
                        if (error != null) {
                            sent.completeExceptionally(error);
                        } else {
                            sent.complete(metadata);
                        }
                    });
                    return Mono.fromFuture(sent);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(e -> JobProblem.unavailable(
                        "Kafka did not take the job request (" + e.getMessage() + "); nothing was queued, try again",
                        e));
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(5));
    }
}
