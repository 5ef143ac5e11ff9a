package dev.kiln.contracts.events;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A model version was registered.
 *
 * @param version the version number, from 1
 * @param jobId the job that produced it, or null for an imported model
 * @param status {@code PENDING_REGISTRATION}, {@code READY} or {@code FAILED_REGISTRATION}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelVersionRegistered(
        UUID eventId, Instant occurredAt, String modelName, int version, String jobId, String status)
        implements ModelEvent {
    public ModelVersionRegistered {
        Require.present(eventId, "event_id");
        Require.present(occurredAt, "occurred_at");
        Require.text(modelName, "model_name");
    }

    /** A new event with a random id, happening now. */
    public static ModelVersionRegistered of(String modelName, int version, String jobId, String status) {
        return new ModelVersionRegistered(UUID.randomUUID(), Instant.now(), modelName, version, jobId, status);
    }
}
