package dev.kiln.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A training worker is alive; on the compacted {@code worker-heartbeats} topic keyed by worker id.
 *
 * @param workerId the worker's id
 * @param devices its devices, e.g. ["cpu"] or ["cpu", "cuda:0"]
 * @param cores CPU cores it may use
 * @param memoryBytes memory it may use
 * @param currentJobId the job it is training, or null when idle
 * @param queue the topic it consumes, {@code training-jobs-cpu} or {@code training-jobs-gpu}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorkerHeartbeat(
        UUID eventId,
        Instant occurredAt,
        String workerId,
        List<String> devices,
        int cores,
        long memoryBytes,
        String currentJobId,
        String queue)
        implements KilnEvent {
    public WorkerHeartbeat {
        Require.present(eventId, "event_id");
        Require.present(occurredAt, "occurred_at");
        Require.text(workerId, "worker_id");
        devices = devices == null ? List.of() : List.copyOf(devices);
    }

    /** A new event with a random id, happening now. */
    public static WorkerHeartbeat of(
            String workerId, List<String> devices, int cores, long memoryBytes, String currentJobId, String queue) {
        return new WorkerHeartbeat(
                UUID.randomUUID(), Instant.now(), workerId, devices, cores, memoryBytes, currentJobId, queue);
    }
}
