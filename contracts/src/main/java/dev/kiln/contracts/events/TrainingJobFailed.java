package dev.kiln.contracts.events;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A job attempt failed.
 *
 * @param error what went wrong, for people
 * @param errorCode the error vocabulary code, e.g. "INVALID_ARGUMENT", "INTERNAL", "UNAVAILABLE"
 * @param attempt the attempt that failed, from 1
 * @param retryable whether another attempt may succeed (the job is then re-queued)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingJobFailed(
        UUID eventId, Instant occurredAt, String jobId, String error, String errorCode, int attempt, boolean retryable)
        implements JobEvent {
    public TrainingJobFailed {
        Require.present(eventId, "event_id");
        Require.present(occurredAt, "occurred_at");
        Require.text(jobId, "job_id");
    }

    /** A new event with a random id, happening now. */
    public static TrainingJobFailed of(String jobId, String error, String errorCode, int attempt, boolean retryable) {
        return new TrainingJobFailed(UUID.randomUUID(), Instant.now(), jobId, error, errorCode, attempt, retryable);
    }
}
