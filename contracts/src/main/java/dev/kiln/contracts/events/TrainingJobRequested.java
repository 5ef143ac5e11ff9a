package dev.kiln.contracts.events;

import dev.kiln.contracts.spec.ModelSpec;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A training job was submitted and accepted; published to {@code training-jobs-cpu} or {@code training-jobs-gpu}.
 *
 * @param name the job's display name
 * @param dataset the data set name
 * @param model the model spec, resolved against the data set (input shape present, template expanded)
 * @param hyperparameters the training hyperparameters
 * @param resources where to train
 * @param registerAs the registered model to add a version to on success, or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingJobRequested(
        UUID eventId,
        Instant occurredAt,
        String jobId,
        String name,
        String dataset,
        ModelSpec model,
        Hyperparameters hyperparameters,
        Resources resources,
        String registerAs)
        implements JobEvent {
    public TrainingJobRequested {
        Require.present(eventId, "event_id");
        Require.present(occurredAt, "occurred_at");
        Require.text(jobId, "job_id");
    }

    /** A new event with a random id, happening now. */
    public static TrainingJobRequested of(
            String jobId,
            String name,
            String dataset,
            ModelSpec model,
            Hyperparameters hyperparameters,
            Resources resources,
            String registerAs) {
        return new TrainingJobRequested(
                UUID.randomUUID(), Instant.now(), jobId, name, dataset, model, hyperparameters, resources, registerAs);
    }
}
