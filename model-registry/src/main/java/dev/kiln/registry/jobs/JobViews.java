package dev.kiln.registry.jobs;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The JSON shapes of the jobs API, as API.md gives them (snake_case on the wire). */
final class JobViews {
    private JobViews() {}

    record JobView(
            String id,
            String name,
            String status,
            String dataset,
            JsonNode model,
            JsonNode hyperparameters,
            JsonNode resources,
            String registerAs,
            String worker,
            String device,
            int attempt,
            List<EpochView> epochs,
            Double testAccuracy,
            Double testLoss,
            String error,
            String errorCode,
            ModelVersionRef modelVersion,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt) {}

    record EpochView(
            int epoch,
            double trainLoss,
            double trainAccuracy,
            Double valLoss,
            Double valAccuracy,
            double samplesPerSecond,
            double seconds) {}

    /** The version a job registered. */
    record ModelVersionRef(String name, int version, String status) {}

    record JobList(List<JobView> jobs, String nextPageToken) {}
}
