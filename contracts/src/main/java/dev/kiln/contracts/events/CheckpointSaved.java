package dev.kiln.contracts.events;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A job saved a checkpoint (parameters and optimizer state) it can resume from.
 *
 * @param epoch the epoch the checkpoint holds
 * @param uri where it is, e.g. {@code s3://kiln/jobs/{jobId}/checkpoints/epoch-3.ckpt}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CheckpointSaved(UUID eventId, Instant occurredAt, String jobId, int epoch, String uri)
        implements JobEvent {
    public CheckpointSaved {
        Require.present(eventId, "event_id");
        Require.present(occurredAt, "occurred_at");
        Require.text(jobId, "job_id");
    }

    /** A new event with a random id, happening now. */
    public static CheckpointSaved of(String jobId, int epoch, String uri) {
        return new CheckpointSaved(UUID.randomUUID(), Instant.now(), jobId, epoch, uri);
    }
}
