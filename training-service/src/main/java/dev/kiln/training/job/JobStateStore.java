package dev.kiln.training.job;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.TrainingJobSucceeded;
import dev.kiln.contracts.spec.ModelSpecJson;
import dev.kiln.training.artifacts.ArtifactStore;
import dev.kiln.training.storage.ObjectStore;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's state in S3, shared by whichever worker holds the job: {@code state.json} (attempts, latest checkpoint)
 * beside the checkpoints, and {@code succeeded.json} (the success event, written after the artifacts) under the
 * job's prefix, so a redelivered finished job is announced again instead of trained again.
 */
@Component
public class JobStateStore {
    static final String STATE_FILE = "state.json";
    static final String SUCCEEDED_FILE = "succeeded.json";
    private static final JsonMapper JSON = ModelSpecJson.mapper()
            .rebuild()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // fields added later (stalled_attempts, start_epoch) are missing from older states: 0
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final ObjectStore store;
    private final ArtifactStore artifacts;

    public JobStateStore(ObjectStore store, ArtifactStore artifacts) {
        this.store = store;
        this.artifacts = artifacts;
    }

    public JobState read(String jobId) {
        return store.find(StorageLayout.checkpointFile(jobId, STATE_FILE))
                .map(bytes -> JSON.readValue(bytes, JobState.class))
                .orElseGet(() -> JobState.fresh(jobId));
    }

    public JobState write(JobState state) {
        store.put(
                StorageLayout.checkpointFile(state.jobId(), STATE_FILE),
                JSON.writeValueAsBytes(state),
                "application/json");
        return state;
    }

    /** The success of a job whose artifacts are complete, if it succeeded before. */
    public Optional<TrainingJobSucceeded> succeeded(String jobId) {
        return store.find(StorageLayout.jobPrefix(jobId) + SUCCEEDED_FILE)
                .filter(bytes -> artifacts.complete(jobId))
                .map(bytes -> EventCodec.fromBytes(bytes, TrainingJobSucceeded.class));
    }

    /** Records a success (after the artifacts are written, before it is announced). */
    public void markSucceeded(TrainingJobSucceeded event) {
        store.put(
                StorageLayout.jobPrefix(event.jobId()) + SUCCEEDED_FILE, EventCodec.toBytes(event), "application/json");
    }
}
