package dev.kiln.registry;

import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.KilnEvent;
import dev.kiln.contracts.messaging.CorrelationId;
import dev.kiln.infra.testing.KilnInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for tests: publish job events as a producer would, read what the registry published. */
public final class KafkaFixture {
    private KafkaFixture() {}

    private static String bootstrap() {
        return KilnInfrastructure.endpoints().kafkaBootstrapServers();
    }

    /** Publishes events (keyed by job id) and waits until the broker has them. */
    public static void publish(String topic, JobEvent... events) throws Exception {
        publish(topic, null, events);
    }

    /** Publishes events (keyed by job id) with a correlation id header, as a worker does. */
    public static void publish(String topic, CorrelationId correlationId, JobEvent... events) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class))) {
            for (JobEvent event : events) {
                ProducerRecord<String, byte[]> record =
                        new ProducerRecord<>(topic, event.jobId(), EventCodec.toBytes(event));
                if (correlationId != null) {
                    record.headers().add(CorrelationId.KAFKA_HEADER, correlationId.toHeaderValue());
                }
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Every event on a topic with the given key, in topic order, once at least {@code count} match. */
    public static List<KilnEvent> awaitEvents(
            String topic, String key, int count, Predicate<KilnEvent> filter, Duration timeout) {
        return awaitRecords(topic, key, count, filter, timeout).stream()
                .map(record -> EventCodec.fromBytes(record.value()))
                .toList();
    }

    /** Like {@link #awaitEvents}, but the records themselves (with their headers). */
    public static List<ConsumerRecord<String, byte[]>> awaitRecords(
            String topic, String key, int count, Predicate<KilnEvent> filter, Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "registry-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            int quietPolls = 0;
            // Poll until enough matched, then a little longer: a duplicate would show up there.
            while ((found.size() < count && System.nanoTime() < deadline)
                    || (found.size() >= count && quietPolls++ < 5)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        KilnEvent event = EventCodec.fromBytes(record.value());
                        if (filter.test(event)) {
                            found.add(record);
                        }
                    }
                }
            }
            return found;
        }
    }

    /** Waits until the registry's consumer group has committed every record of the topics (no lag). */
    public static void awaitConsumed(Duration timeout, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("model-registry")
                        .partitionsToOffsetAndMetadata()
                        .get();
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                Set<String> wanted = Set.of(topics);
                admin.describeTopics(wanted).allTopicNames().get().forEach((name, description) -> description
                        .partitions()
                        .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
                var ends = admin.listOffsets(latest).all().get();
                boolean caughtUp = ends.entrySet().stream().allMatch(e -> {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    long end = e.getValue().offset();
                    return end == 0 || (c != null && c.offset() >= end);
                });
                if (caughtUp) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the registry did not consume " + Set.of(topics) + " within " + timeout);
                }
                Thread.sleep(100);
            }
        }
    }
}
