package dev.kiln.gateway.events;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the seam rules need from the registry's job resource: status, attempt, the error of a re-queued attempt, and
 * the epochs it holds (epoch number → the exact train loss and seconds the event carried).
 */
record JobSnapshot(String status, int attempt, boolean hasError, Map<Integer, EpochFigures> epochs) {

    record EpochFigures(double trainLoss, double seconds) {}

    static JobSnapshot of(JsonNode job) {
        Map<Integer, EpochFigures> epochs = new HashMap<>();
        for (JsonNode epoch : job.path("epochs")) {
            epochs.put(
                    epoch.path("epoch").asInt(),
                    new EpochFigures(
                            epoch.path("train_loss").asDouble(),
                            epoch.path("seconds").asDouble()));
        }
        JsonNode error = job.get("error");
        return new JobSnapshot(
                job.path("status").asString(""),
                job.path("attempt").asInt(0),
                error != null && !error.isNull(),
                Map.copyOf(epochs));
    }

    int lastEpoch() {
        return epochs.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    boolean terminal() {
        return status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED");
    }
}
