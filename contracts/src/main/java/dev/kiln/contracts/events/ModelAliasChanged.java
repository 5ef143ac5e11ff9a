package dev.kiln.contracts.events;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * An alias (e.g. {@code production}) was set, moved or deleted.
 *
 * @param alias the alias
 * @param version the version it now points to, or null when it was deleted
 * @param previousVersion the version it pointed to before, or null when it is new
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelAliasChanged(
        UUID eventId, Instant occurredAt, String modelName, String alias, Integer version, Integer previousVersion)
        implements ModelEvent {
    public ModelAliasChanged {
        Require.present(eventId, "event_id");
        Require.present(occurredAt, "occurred_at");
        Require.text(modelName, "model_name");
        Require.text(alias, "alias");
    }

    /** A new event with a random id, happening now. */
    public static ModelAliasChanged of(String modelName, String alias, Integer version, Integer previousVersion) {
        return new ModelAliasChanged(UUID.randomUUID(), Instant.now(), modelName, alias, version, previousVersion);
    }

    /** Whether the alias was removed. */
    public boolean deleted() {
        return version == null;
    }
}
