package dev.kiln.registry.models;

import dev.kiln.registry.JobArtifactsFixture;
import dev.kiln.registry.storage.ObjectStore;
import java.util.UUID;

/** Registers versions the way a finished job does: artifacts in storage, then the registration. */
final class TrainedVersions {
    private TrainedVersions() {}

    static TrainedModel trainedModel(ObjectStore store, String model) {
        String jobId = "job-" + UUID.randomUUID();
        return new TrainedModel(
                jobId,
                model,
                "fashion-mnist",
                "{\"epochs\": 2, \"batch_size\": 64}",
                "worker-1",
                "cpu",
                0.87,
                0.36,
                JobArtifactsFixture.write(store, jobId));
    }

    static RegisteredVersion register(ObjectStore store, ModelRegistration registration, String model) {
        return registration.registerTrainedModel(trainedModel(store, model)).orElseThrow();
    }

    static String uniqueModel(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
