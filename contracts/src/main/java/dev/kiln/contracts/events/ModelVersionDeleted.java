package dev.kiln.contracts.events;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A model version was deleted.
 *
 * @param version the deleted version
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelVersionDeleted(UUID eventId, Instant occurredAt, String modelName, int version)
        implements ModelEvent {
    public ModelVersionDeleted {
        Require.present(eventId, "event_id");
        Require.present(occurredAt, "occurred_at");
        Require.text(modelName, "model_name");
    }

    /** A new event with a random id, happening now. */
    public static ModelVersionDeleted of(String modelName, int version) {
        return new ModelVersionDeleted(UUID.randomUUID(), Instant.now(), modelName, version);
    }
}
