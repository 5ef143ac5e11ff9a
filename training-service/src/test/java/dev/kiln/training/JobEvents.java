package dev.kiln.training;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.KilnEvent;
import dev.kiln.contracts.messaging.CorrelationId;
import dev.kiln.infra.testing.KilnInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Every event on {@code training-job-events}, read from the start by a background thread, for assertions. */
final class JobEvents {
    private static final List<Received> events = new CopyOnWriteArrayList<>();
    private static boolean started;

    private JobEvents() {}

    /** An event, when this JVM read it, and its correlation id header ({@code null} without one). */
    record Received(JobEvent event, long receivedNanos, String correlationId) {}

    static synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        Thread reader = new Thread(JobEvents::read, "test-job-events");
        reader.setDaemon(true);
        reader.start();
    }

    private static void read() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KilnInfrastructure.endpoints().kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty()) {
                partitions = consumer.partitionsFor(Topics.TRAINING_JOB_EVENTS, Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    KilnEvent event = EventCodec.fromBytes(record.value());
                    Header header = record.headers().lastHeader(CorrelationId.KAFKA_HEADER);
                    events.add(new Received(
                            (JobEvent) event,
                            System.nanoTime(),
                            header == null ? null : new String(header.value(), StandardCharsets.UTF_8)));
                }
            }
        }
    }

    /** Every event of the job as received, with its header. */
    static List<Received> received(String jobId) {
        return events.stream().filter(r -> r.event().jobId().equals(jobId)).toList();
    }

    static List<JobEvent> of(String jobId) {
        return events.stream()
                .map(Received::event)
                .filter(e -> e.jobId().equals(jobId))
                .toList();
    }

    static <T extends JobEvent> List<T> of(String jobId, Class<T> type) {
        return of(jobId).stream().filter(type::isInstance).map(type::cast).toList();
    }

    static Received received(String jobId, Class<? extends JobEvent> type) {
        return events.stream()
                .filter(r -> r.event().jobId().equals(jobId) && type.isInstance(r.event()))
                .findFirst()
                .orElseThrow();
    }

    /** Waits for the first event of the job that matches. */
    static <T extends JobEvent> T await(String jobId, Class<T> type, Duration timeout) {
        return await(jobId, type, e -> true, timeout);
    }

    static <T extends JobEvent> T await(String jobId, Class<T> type, Predicate<T> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (T event : of(jobId, type)) {
                if (match.test(event)) {
                    return event;
                }
            }
            sleep(50);
        }
        throw new AssertionError("no " + type.getSimpleName() + " for job " + jobId + " within " + timeout
                + "; its events: " + of(jobId).stream().map(JobEvent::type).toList());
    }

    /** Waits for the job's terminal event (succeeded, failed without retry, or cancelled). */
    static JobEvent awaitEnd(String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JobEvent event : of(jobId)) {
                if (event instanceof dev.kiln.contracts.events.TrainingJobSucceeded
                        || event instanceof dev.kiln.contracts.events.TrainingJobCancelled
                        || (event instanceof dev.kiln.contracts.events.TrainingJobFailed f && !f.retryable())) {
                    return event;
                }
            }
            sleep(50);
        }
        throw new AssertionError("job " + jobId + " did not end within " + timeout + "; its events: "
                + of(jobId).stream().map(JobEvent::type).toList());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
