package dev.kiln.contracts.events;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A worker began (or resumed) training a job.
 *
 * @param worker the worker id
 * @param device the device it trains on, e.g. "cpu" or "cuda:0"
 * @param attempt 1 for the first attempt, more after a retry
 * @param resumedFromEpoch the last epoch restored from a checkpoint, 0 when starting fresh
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingJobStarted(
        UUID eventId, Instant occurredAt, String jobId, String worker, String device, int attempt, int resumedFromEpoch)
        implements JobEvent {
    public TrainingJobStarted {
        Require.present(eventId, "event_id");
        Require.present(occurredAt, "occurred_at");
        Require.text(jobId, "job_id");
    }

    /** A new event with a random id, happening now. */
    public static TrainingJobStarted of(String jobId, String worker, String device, int attempt, int resumedFromEpoch) {
        return new TrainingJobStarted(
                UUID.randomUUID(), Instant.now(), jobId, worker, device, attempt, resumedFromEpoch);
    }
}
