package dev.kiln.training.events;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.WorkerHeartbeat;
import dev.kiln.contracts.messaging.CorrelationId;
import dev.kiln.training.metrics.TrainingMetrics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes a worker's events: job events on {@code training-job-events} keyed by job id (one producer, so a job's
 * events keep their order), heartbeats, and dead letters. Outcomes are awaited before the job's offset is committed.
 * Job events and dead letters carry the correlation id of the job's request ({@code kiln-correlation-id}), taken
 * from the logging MDC of the thread that publishes them, where {@code JobRunner} put it for the job.
 */
@Component
public class JobEventPublisher {
    private static final Logger log = LoggerFactory.getLogger(JobEventPublisher.class);
    private static final long WAIT_SECONDS = 30;

    private final KafkaTemplate<String, byte[]> kafka;
    private final TrainingMetrics metrics;

    public JobEventPublisher(KafkaTemplate<String, byte[]> kafka, TrainingMetrics metrics) {
        this.kafka = kafka;
        this.metrics = metrics;
    }

    /** Sends without waiting (progress); a failure is logged. */
    public void publish(JobEvent event) {
        metrics.published(event);
        send(jobEvent(event)).whenComplete((result, error) -> {
            if (error != null) {
                log.warn("could not publish {} of job {}: {}", event.type(), event.jobId(), error.getMessage());
            }
        });
    }

    /** Sends and waits until Kafka has it. */
    public void publishAndWait(JobEvent event) {
        await(send(jobEvent(event)));
        metrics.published(event);
    }

    private static ProducerRecord<String, byte[]> jobEvent(JobEvent event) {
        return correlated(new ProducerRecord<>(Topics.TRAINING_JOB_EVENTS, event.jobId(), EventCodec.toBytes(event)));
    }

    /** Adds the current job's correlation id, if this thread works for one. */
    private static ProducerRecord<String, byte[]> correlated(ProducerRecord<String, byte[]> record) {
        String id = MDC.get(CorrelationId.MDC_KEY);
        if (CorrelationId.isValid(id)) {
            record.headers().add(CorrelationId.KAFKA_HEADER, new CorrelationId(id).toHeaderValue());
        }
        return record;
    }

    public void heartbeat(WorkerHeartbeat heartbeat) {
        send(new ProducerRecord<>(Topics.WORKER_HEARTBEATS, heartbeat.workerId(), EventCodec.toBytes(heartbeat)))
                .whenComplete((result, error) -> {
                    if (error != null) {
                        log.debug("heartbeat not published: {}", error.getMessage());
                    }
                });
    }

    /** Sends a job request that cannot or will not be processed to its topic's dead-letter topic, with the reason. */
    public void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        ProducerRecord<String, byte[]> letter =
                new ProducerRecord<>(Topics.deadLetter(record.topic()), record.key(), record.value());
        letter.headers()
                .add("kiln-dlt-reason", reason.getBytes(StandardCharsets.UTF_8))
                .add("kiln-dlt-original-topic", record.topic().getBytes(StandardCharsets.UTF_8))
                .add(
                        "kiln-dlt-original-partition",
                        Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8))
                .add("kiln-dlt-original-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        await(send(correlated(letter)));
    }

    private CompletableFuture<?> send(ProducerRecord<String, byte[]> record) {
        try {
            return kafka.send(record);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void await(CompletableFuture<?> sent) {
        try {
            sent.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventsUnavailableException("interrupted while publishing", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new EventsUnavailableException("Kafka did not take the event: " + cause.getMessage(), cause);
        }
    }
}
