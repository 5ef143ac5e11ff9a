package dev.kiln.training;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.Hyperparameters;
import dev.kiln.contracts.events.Resources;
import dev.kiln.contracts.events.TrainingJobCancelRequested;
import dev.kiln.contracts.events.TrainingJobRequested;
import dev.kiln.contracts.messaging.CorrelationId;
import dev.kiln.contracts.spec.ModelSpec;
import dev.kiln.infra.testing.KilnInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Submits and cancels jobs the way the gateway does, straight on Kafka. */
final class JobQueue {
    private static KafkaProducer<String, byte[]> producer;

    private JobQueue() {}

    static TrainingJobRequested job(String dataset, ModelSpec model, Hyperparameters hyperparameters) {
        return TrainingJobRequested.of(
                "job-" + UUID.randomUUID(),
                "test job",
                dataset,
                model,
                hyperparameters,
                Resources.defaults(),
                "test-model");
    }

    static TrainingJobRequested submit(TrainingJobRequested job) {
        return submit(Topics.TRAINING_JOBS_CPU, job);
    }

    static TrainingJobRequested submit(String queue, TrainingJobRequested job) {
        send(new ProducerRecord<>(queue, job.jobId(), EventCodec.toBytes(job)));
        return job;
    }

    /** Submits on the CPU queue with a correlation id header, as the gateway does. */
    static TrainingJobRequested submit(TrainingJobRequested job, CorrelationId correlationId) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.TRAINING_JOBS_CPU, job.jobId(), EventCodec.toBytes(job));
        record.headers().add(CorrelationId.KAFKA_HEADER, correlationId.toHeaderValue());
        send(record);
        return job;
    }

    static void cancel(String jobId) {
        TrainingJobCancelRequested cancel = TrainingJobCancelRequested.of(jobId, "cancelled by the test");
        send(new ProducerRecord<>(Topics.TRAINING_JOB_CONTROL, jobId, EventCodec.toBytes(cancel)));
    }

    /** The keys of every record on a topic so far. */
    static List<String> keys(String topic) {
        List<String> keys = new ArrayList<>();
        read(topic, record -> keys.add(record.key()));
        return keys;
    }

    /** The values of the records with a key on a topic so far. */
    static List<byte[]> values(String topic, String key) {
        List<byte[]> values = new ArrayList<>();
        read(topic, record -> {
            if (key.equals(record.key())) {
                values.add(record.value());
            }
        });
        return values;
    }

    private static void read(String topic, java.util.function.Consumer<ConsumerRecord<String, byte[]>> action) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KilnInfrastructure.endpoints().kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    action.accept(record);
                }
            }
        }
    }

    private static synchronized void send(ProducerRecord<String, byte[]> record) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    KilnInfrastructure.endpoints().kafkaBootstrapServers(),
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class));
        }
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError("could not send to " + record.topic(), e);
        }
    }
}
