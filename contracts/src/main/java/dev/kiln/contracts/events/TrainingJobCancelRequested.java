package dev.kiln.contracts.events;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Someone asked to cancel a job; published to {@code training-job-control}, seen by every worker.
 *
 * @param reason why, for the record (may be null)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingJobCancelRequested(UUID eventId, Instant occurredAt, String jobId, String reason)
        implements JobEvent {
    public TrainingJobCancelRequested {
        Require.present(eventId, "event_id");
        Require.present(occurredAt, "occurred_at");
        Require.text(jobId, "job_id");
    }

    /** A new event with a random id, happening now. */
    public static TrainingJobCancelRequested of(String jobId, String reason) {
        return new TrainingJobCancelRequested(UUID.randomUUID(), Instant.now(), jobId, reason);
    }
}
