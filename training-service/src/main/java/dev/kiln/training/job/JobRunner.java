package dev.kiln.training.job;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.TrainingJobCancelled;
import dev.kiln.contracts.events.TrainingJobFailed;
import dev.kiln.contracts.events.TrainingJobRequested;
import dev.kiln.contracts.events.TrainingJobSucceeded;
import dev.kiln.contracts.messaging.CorrelationId;
import dev.kiln.training.config.TrainingProperties;
import dev.kiln.training.engine.TrainingCancelledException;
import dev.kiln.training.events.EventsUnavailableException;
import dev.kiln.training.events.JobEventPublisher;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Takes one job request from the queue to an outcome: announces again a job that already succeeded, counts the
 * attempt (in S3, so a crashed worker's attempts count too), trains, and turns every ending into exactly one
 * terminal event, a retry, or (after too many attempts or for a job that cannot succeed) a dead letter.
 */
@Component
public class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobTraining training;
    private final JobStateStore states;
    private final JobEventPublisher events;
    private final int maxAttempts;

    JobRunner(JobTraining training, JobStateStore states, JobEventPublisher events, TrainingProperties properties) {
        this.training = training;
        this.states = states;
        this.events = events;
        this.maxAttempts = properties.maxAttempts();
    }

    /**
     * @param worker this worker's id, setting and GPUs
     * @param control how the job is asked to stop
     */
    public JobOutcome run(
            ConsumerRecord<String, byte[]> record, String workerId, String device, int gpus, JobControl control) {
        // the request's correlation id goes in the MDC of this (the training) thread for as long as the job runs:
        // every log line carries it, and JobEventPublisher writes it on every event it publishes from here
        Header header = record.headers().lastHeader(CorrelationId.KAFKA_HEADER);
        CorrelationId correlationId = CorrelationId.fromHeaderValue(header == null ? null : header.value())
                .orElseGet(CorrelationId::generate);
        try (MDC.MDCCloseable ignored = MDC.putCloseable(CorrelationId.MDC_KEY, correlationId.value())) {
            return runCorrelated(record, workerId, device, gpus, control);
        }
    }

    private JobOutcome runCorrelated(
            ConsumerRecord<String, byte[]> record, String workerId, String device, int gpus, JobControl control) {
        TrainingJobRequested job;
        try {
            job = EventCodec.fromBytes(record.value(), TrainingJobRequested.class);
            StorageLayout.requireValidName("job id", job.jobId());
        } catch (IllegalArgumentException e) {
            return unreadable(record, e);
        }
        String jobId = job.jobId();
        try {
            Optional<TrainingJobSucceeded> succeeded = states.succeeded(jobId);
            if (succeeded.isPresent()) {
                log.info("job {} already succeeded; announcing it again instead of training it again", jobId);
                events.publishAndWait(succeeded.get());
                return JobOutcome.DONE;
            }
            if (control.cancelReason() != null) {
                events.publishAndWait(TrainingJobCancelled.of(jobId, control.cancelReason()));
                return JobOutcome.DONE;
            }
            JobState state = states.write(states.read(jobId).startedBy(workerId));
            if (state.stalledAttempts() > maxAttempts) {
                return giveUp(
                        record,
                        state,
                        "the job was started " + maxAttempts + " times without finishing or saving a checkpoint"
                                + (state.lastError() == null
                                        ? " (its workers stopped or crashed)"
                                        : "; last error: " + state.lastError()));
            }
            try {
                TrainingJobSucceeded success =
                        training.train(job, state, new JobTraining.Worker(workerId, device, gpus), control);
                if (control.abandoned()) {
                    log.info(
                            "job {} finished after it was taken away from this worker; its new owner reports it",
                            jobId);
                    return JobOutcome.ABANDONED;
                }
                states.markSucceeded(success);
                events.publishAndWait(success);
                log.info("job {} succeeded: test accuracy {}", jobId, success.testAccuracy());
                return JobOutcome.DONE;
            } catch (TrainingCancelledException e) {
                if (control.abandoned()) {
                    log.info("job {} abandoned on this worker; another worker resumes it from its checkpoint", jobId);
                    return JobOutcome.ABANDONED;
                }
                events.publishAndWait(TrainingJobCancelled.of(jobId, control.cancelReason()));
                log.info("job {} cancelled: {}", jobId, control.cancelReason());
                return JobOutcome.DONE;
            } catch (JobFailure e) {
                log.info("job {} failed: {}", jobId, e.getMessage());
                events.publishAndWait(
                        TrainingJobFailed.of(jobId, e.getMessage(), e.errorCode(), state.attempt(), false));
                events.deadLetter(record, e.getMessage());
                return JobOutcome.DONE;
            } catch (EventsUnavailableException e) {
                throw e;
            } catch (RuntimeException | Error e) {
                return retryOrGiveUp(record, state, e);
            }
        } catch (EventsUnavailableException | dev.kiln.training.storage.StorageUnavailableException e) {
            log.warn("job {}: {}; it is read again in a while", jobId, e.getMessage());
            return JobOutcome.retryAfter(Duration.ofSeconds(5));
        }
    }

    private JobOutcome retryOrGiveUp(ConsumerRecord<String, byte[]> record, JobState state, Throwable e) {
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        log.warn("job {} attempt {} failed", state.jobId(), state.attempt(), e);
        states.write(state.withError(error));
        if (state.stalledAttempts() >= maxAttempts) {
            return giveUp(record, state, attempts(state) + " failed: " + error);
        }
        events.publishAndWait(TrainingJobFailed.of(
                state.jobId(),
                attempts(state) + " failed (" + error + "); the job is retried",
                "INTERNAL",
                state.attempt(),
                true));
        return JobOutcome.retryAfter(Duration.ofSeconds(2L * state.stalledAttempts()));
    }

    /** "attempt 2 of 3", or with earlier attempts that made progress "attempt 7 (2 of 3 without progress)". */
    private String attempts(JobState state) {
        return state.attempt() == state.stalledAttempts()
                ? "attempt " + state.attempt() + " of " + maxAttempts
                : "attempt " + state.attempt() + " (" + state.stalledAttempts() + " of " + maxAttempts
                        + " without progress)";
    }

    /** The attempts that trained: one fewer than started when the job is given up before its latest one trains. */
    private int attemptsRun(JobState state) {
        return state.stalledAttempts() > maxAttempts ? state.attempt() - 1 : state.attempt();
    }

    private JobOutcome giveUp(ConsumerRecord<String, byte[]> record, JobState state, String reason) {
        String message = "gave up on the job: " + reason + "; its request went to " + record.topic() + "-dlt";
        events.publishAndWait(TrainingJobFailed.of(state.jobId(), message, "INTERNAL", attemptsRun(state), false));
        events.deadLetter(record, message);
        log.warn("job {}: {}", state.jobId(), message);
        return JobOutcome.DONE;
    }

    private JobOutcome unreadable(ConsumerRecord<String, byte[]> record, IllegalArgumentException e) {
        String message = "the job request cannot be read: " + e.getMessage();
        log.warn("{}-{}@{}: {}", record.topic(), record.partition(), record.offset(), message);
        try {
            StorageLayout.requireValidName("job id", record.key());
            events.publishAndWait(TrainingJobFailed.of(record.key(), message, "INVALID_ARGUMENT", 1, false));
        } catch (IllegalArgumentException noJobId) {
            // without a usable job id there is no job to report on; the dead letter keeps the record
        }
        events.deadLetter(record, message);
        return JobOutcome.DONE;
    }
}
