package dev.kiln.contracts.events;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Progress within an epoch (throttled by the worker), for live curves.
 *
 * @param epoch the epoch, from 1
 * @param batch the batch within the epoch, from 1
 * @param batchesPerEpoch batches in one epoch
 * @param loss running mean loss of the epoch so far
 * @param accuracy running accuracy of the epoch so far, 0..1
 * @param samplesPerSecond recent throughput
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BatchProgress(
        UUID eventId,
        Instant occurredAt,
        String jobId,
        int epoch,
        int batch,
        int batchesPerEpoch,
        double loss,
        double accuracy,
        double samplesPerSecond)
        implements JobEvent {
    public BatchProgress {
        Require.present(eventId, "event_id");
        Require.present(occurredAt, "occurred_at");
        Require.text(jobId, "job_id");
    }

    /** A new event with a random id, happening now. */
    public static BatchProgress of(
            String jobId,
            int epoch,
            int batch,
            int batchesPerEpoch,
            double loss,
            double accuracy,
            double samplesPerSecond) {
        return new BatchProgress(
                UUID.randomUUID(),
                Instant.now(),
                jobId,
                epoch,
                batch,
                batchesPerEpoch,
                loss,
                accuracy,
                samplesPerSecond);
    }
}
