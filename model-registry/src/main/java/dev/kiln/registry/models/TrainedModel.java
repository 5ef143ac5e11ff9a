package dev.kiln.registry.models;

import dev.kiln.contracts.events.Artifact;
import java.util.List;

/**
 * What a successful training job hands to the registry.
 *
 * @param jobId the job
 * @param model the registered model to add a version to ({@code register_as})
 * @param dataset the data set it trained on, or null if the request has not been seen yet
 * @param hyperparametersJson its hyperparameters as JSON, or null likewise
 * @param artifacts the files the event announces
 */
public record TrainedModel(
        String jobId,
        String model,
        String dataset,
        String hyperparametersJson,
        String worker,
        String device,
        double testAccuracy,
        double testLoss,
        List<Artifact> artifacts) {
    public TrainedModel {
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    }
}
