package dev.kiln.contracts.events;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A job stopped because it was cancelled.
 *
 * @param reason why (may be null)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingJobCancelled(UUID eventId, Instant occurredAt, String jobId, String reason) implements JobEvent {
    public TrainingJobCancelled {
        Require.present(eventId, "event_id");
        Require.present(occurredAt, "occurred_at");
        Require.text(jobId, "job_id");
    }

    /** A new event with a random id, happening now. */
    public static TrainingJobCancelled of(String jobId, String reason) {
        return new TrainingJobCancelled(UUID.randomUUID(), Instant.now(), jobId, reason);
    }
}
