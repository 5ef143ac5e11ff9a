package dev.kiln.gateway.jobs;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.TrainingJobCancelRequested;
import dev.kiln.contracts.events.TrainingJobRequested;
import dev.kiln.contracts.messaging.CorrelationId;
import dev.kiln.contracts.spec.InvalidModelSpecException;
import dev.kiln.contracts.spec.ModelSpec;
import dev.kiln.contracts.spec.ModelTemplates;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Submitting and cancelling jobs, whatever the transport (REST here, gRPC alike): a draft is checked against its
 * data set as the registry describes it (shape inference, classes), queued as {@code TrainingJobRequested}, and the
 * {@code Mono} completes only once Kafka has it. Every refusal is a {@link JobProblem}.
 */
@Component
public class JobSubmissions {
    private static final Logger log = LoggerFactory.getLogger(JobSubmissions.class);
    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    private final RegistryClient registry;
    private final JobPublisher publisher;

    JobSubmissions(RegistryClient registry, JobPublisher publisher) {
        this.registry = registry;
        this.publisher = publisher;
    }

    /**
     * Checks and queues a job; the job's id is new.
     *
     * @param correlationId the request's id, carried on the queued record for the worker and its events
     */
    public Mono<QueuedJob> submit(JobDraft draft, CorrelationId correlationId) {
        return registry.dataset(draft.dataset())
                .map(dataset -> request(draft, dataset))
                .flatMap(job -> {
                    String queue = JobQueues.forDevice(job.resources().deviceOrDefault());
                    return publisher
                            .publish(queue, job, correlationId)
                            .doOnSuccess(sent -> log.info("job {} queued on {}", job.jobId(), queue))
                            .thenReturn(new QueuedJob(job, queue));
                });
    }

    /**
     * Asks every worker to stop the job; returns its status as the registry had it.
     *
     * @throws JobProblem (as an error signal) NOT_FOUND for an unknown job, FAILED_PRECONDITION for a finished one
     */
    public Mono<String> cancel(String jobId, String reason, CorrelationId correlationId) {
        try {
            StorageLayout.requireValidName("job id", jobId);
        } catch (IllegalArgumentException e) {
            return Mono.error(JobProblem.notFound("job '" + jobId + "' does not exist"));
        }
        return registry.jobStatus(jobId).flatMap(status -> {
            if (FINISHED.contains(status)) {
                return Mono.error(JobProblem.failedPrecondition(
                        "job '" + jobId + "' is already " + status + "; only queued or running jobs can be cancelled"));
            }
            return publisher
                    .publish(Topics.TRAINING_JOB_CONTROL, TrainingJobCancelRequested.of(jobId, reason), correlationId)
                    .doOnSuccess(sent -> log.info("job {}: cancel requested", jobId))
                    .thenReturn(status);
        });
    }

    private static TrainingJobRequested request(JobDraft draft, RegistryClient.DatasetInfo dataset) {
        ModelSpec resolved;
        try {
            resolved = ModelTemplates.resolve(
                    draft.model(),
                    dataset.name(),
                    dataset.inputShape(),
                    dataset.classNames().size());
        } catch (InvalidModelSpecException e) {
            throw JobProblem.invalidArgument(e.field(), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw JobProblem.invalidArgument(
                    "dataset", "data set '" + dataset.name() + "' cannot be trained on: " + e.getMessage());
        }
        return TrainingJobRequested.of(
                UUID.randomUUID().toString(),
                draft.name(),
                draft.dataset(),
                resolved,
                draft.hyperparameters(),
                draft.resources(),
                draft.registerAs());
    }

    /**
     * A job Kafka has.
     *
     * @param request what was queued (with the resolved spec)
     * @param queue the topic it was queued on
     */
    public record QueuedJob(TrainingJobRequested request, String queue) {}
}
