package dev.kiln.registry.jobs;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.BatchProgress;
import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.KilnEvent;
import dev.kiln.contracts.events.TrainingJobSucceeded;
import dev.kiln.contracts.messaging.CorrelationId;
import dev.kiln.registry.models.ModelRegistration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the job queues (for {@code TrainingJobRequested}) and {@code training-job-events}, projects every event,
 * and registers a model version when a job succeeds. One listener thread per partition keeps each job's order
 * (records are keyed by job id). Both steps are idempotent, so a redelivery (after a crash between them, say) only
 * finishes what was left undone.
 */
@Component
class JobEventListener {
    private static final Logger log = LoggerFactory.getLogger(JobEventListener.class);

    private final JobProjection projection;
    private final ModelRegistration registration;

    JobEventListener(JobProjection projection, ModelRegistration registration) {
        this.projection = projection;
        this.registration = registration;
    }

    @KafkaListener(
            id = "model-registry-jobs",
            groupId = "model-registry",
            topics = {Topics.TRAINING_JOB_EVENTS, Topics.TRAINING_JOBS_CPU, Topics.TRAINING_JOBS_GPU})
    void onRecord(ConsumerRecord<String, byte[]> record) {
        // the job's correlation id, for the log lines and the model events (outbox) this record causes
        Header header = record.headers().lastHeader(CorrelationId.KAFKA_HEADER);
        Optional<CorrelationId> correlationId = CorrelationId.fromHeaderValue(header == null ? null : header.value());
        if (correlationId.isEmpty()) {
            handle(record);
            return;
        }
        try (MDC.MDCCloseable ignored =
                MDC.putCloseable(CorrelationId.MDC_KEY, correlationId.get().value())) {
            handle(record);
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        KilnEvent event = decode(record);
        if (!(event instanceof JobEvent jobEvent)) {
            log.warn("ignoring {} on {}: not a job event", event.type(), record.topic());
            return;
        }
        if (jobEvent instanceof BatchProgress) {
            return; // live progress is streamed by the gateway; the projection keeps epochs
        }
        projection.apply(jobEvent);
        if (jobEvent instanceof TrainingJobSucceeded succeeded) {
            projection.trainedModel(succeeded).ifPresent(registration::registerTrainedModel);
        }
    }

    private static KilnEvent decode(ConsumerRecord<String, byte[]> record) {
        try {
            return EventCodec.fromBytes(record.value());
        } catch (IllegalArgumentException e) {
            throw new UnreadableEventException(
                    "record " + record.topic() + "-" + record.partition() + "@" + record.offset() + " is not a Kiln"
                            + " event: " + e.getMessage(),
                    e);
        }
    }
}
