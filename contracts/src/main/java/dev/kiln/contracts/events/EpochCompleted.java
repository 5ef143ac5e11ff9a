package dev.kiln.contracts.events;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A job finished one epoch.
 *
 * @param epoch the epoch, from 1
 * @param trainLoss mean training loss over the epoch
 * @param trainAccuracy training accuracy over the epoch, 0..1
 * @param valLoss validation loss, or null without a validation split
 * @param valAccuracy validation accuracy 0..1, or null without a validation split
 * @param samplesPerSecond training throughput
 * @param seconds wall time of the epoch
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EpochCompleted(
        UUID eventId,
        Instant occurredAt,
        String jobId,
        int epoch,
        double trainLoss,
        double trainAccuracy,
        Double valLoss,
        Double valAccuracy,
        double samplesPerSecond,
        double seconds)
        implements JobEvent {
    public EpochCompleted {
        Require.present(eventId, "event_id");
        Require.present(occurredAt, "occurred_at");
        Require.text(jobId, "job_id");
    }

    /** A new event with a random id, happening now. */
    public static EpochCompleted of(
            String jobId,
            int epoch,
            double trainLoss,
            double trainAccuracy,
            Double valLoss,
            Double valAccuracy,
            double samplesPerSecond,
            double seconds) {
        return new EpochCompleted(
                UUID.randomUUID(),
                Instant.now(),
                jobId,
                epoch,
                trainLoss,
                trainAccuracy,
                valLoss,
                valAccuracy,
                samplesPerSecond,
                seconds);
    }
}
