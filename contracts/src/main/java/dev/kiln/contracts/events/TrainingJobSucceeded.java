package dev.kiln.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A job finished training and stored its artifacts.
 *
 * @param worker the worker id
 * @param device the device it trained on
 * @param testAccuracy accuracy on the test split, 0..1
 * @param testLoss loss on the test split
 * @param artifacts the files written (model.onnx, state_dict.pt, …)
 * @param registerAs the registered model to add a version to, or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingJobSucceeded(
        UUID eventId,
        Instant occurredAt,
        String jobId,
        String worker,
        String device,
        double testAccuracy,
        double testLoss,
        List<Artifact> artifacts,
        String registerAs)
        implements JobEvent {
    public TrainingJobSucceeded {
        Require.present(eventId, "event_id");
        Require.present(occurredAt, "occurred_at");
        Require.text(jobId, "job_id");
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    }

    /** A new event with a random id, happening now. */
    public static TrainingJobSucceeded of(
            String jobId,
            String worker,
            String device,
            double testAccuracy,
            double testLoss,
            List<Artifact> artifacts,
            String registerAs) {
        return new TrainingJobSucceeded(
                UUID.randomUUID(), Instant.now(), jobId, worker, device, testAccuracy, testLoss, artifacts, registerAs);
    }
}
