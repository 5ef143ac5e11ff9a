package dev.kiln.gateway.events;

import dev.kiln.contracts.events.EpochCompleted;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.TrainingJobCancelled;
import dev.kiln.contracts.events.TrainingJobFailed;
import dev.kiln.contracts.events.TrainingJobStarted;
import dev.kiln.contracts.events.TrainingJobSucceeded;
import java.util.List;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The job resource the registry would serve after projecting a prefix of a job's events, by the registry's rules
 * (status moves, attempt, epochs upserted by number with the event's exact figures): what a stand-in registry
 * answers for a live-stream test.
 */
final class ProjectedJob {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProjectedJob() {}

    static String of(String jobId, List<JobEvent> projected) {
        String status = "QUEUED";
        int attempt = 0;
        String error = null;
        TreeMap<Integer, EpochCompleted> epochs = new TreeMap<>();
        for (JobEvent event : projected) {
            if (status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED")) {
                break;
            }
            if (event instanceof TrainingJobStarted started && started.attempt() >= attempt) {
                status = "RUNNING";
                attempt = started.attempt();
                error = null;
            } else if (event instanceof EpochCompleted epoch) {
                epochs.put(epoch.epoch(), epoch);
            } else if (event instanceof TrainingJobSucceeded) {
                status = "SUCCEEDED";
            } else if (event instanceof TrainingJobCancelled) {
                status = "CANCELLED";
            } else if (event instanceof TrainingJobFailed failed) {
                status = failed.retryable() ? "QUEUED" : "FAILED";
                attempt = failed.attempt();
                error = failed.error();
            }
        }
        ObjectNode job = JSON.createObjectNode()
                .put("id", jobId)
                .put("name", "stream test")
                .put("status", status)
                .put("dataset", "fashion-mnist")
                .put("attempt", attempt)
                .put("error", error);
        ArrayNode list = job.putArray("epochs");
        epochs.values().forEach(e -> list.addObject()
                .put("epoch", e.epoch())
                .put("train_loss", e.trainLoss())
                .put("train_accuracy", e.trainAccuracy())
                .put("samples_per_second", e.samplesPerSecond())
                .put("seconds", e.seconds()));
        return JSON.writeValueAsString(job);
    }
}
