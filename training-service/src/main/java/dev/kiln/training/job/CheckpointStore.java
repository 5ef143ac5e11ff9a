package dev.kiln.training.job;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.training.engine.Checkpoint;
import dev.kiln.training.storage.ObjectStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checkpoints under {@code jobs/{jobId}/checkpoints/}: one {@code epoch-N.ckpt} per saved epoch, made current by
 * {@code state.json} once it is completely written (a crash mid-upload leaves the previous one current); the one
 * before is then deleted.
 */
@Component
public class CheckpointStore {
    private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);

    private final ObjectStore store;
    private final JobStateStore states;

    public CheckpointStore(ObjectStore store, JobStateStore states) {
        this.store = store;
        this.states = states;
    }

    /** Saves the checkpoint, makes it current and returns its URI. */
    public String save(String jobId, Checkpoint checkpoint) {
        String file = "epoch-" + checkpoint.epoch() + ".ckpt";
        String key = StorageLayout.checkpointFile(jobId, file);
        store.put(key, CheckpointCodec.encode(checkpoint), "application/octet-stream");
        JobState state = states.read(jobId);
        states.write(state.withCheckpoint(file, checkpoint.epoch()));
        if (state.checkpoint() != null && !state.checkpoint().equals(file)) {
            store.delete(StorageLayout.checkpointFile(jobId, state.checkpoint()));
        }
        return store.uri(key);
    }

    /** The current checkpoint, if there is a readable one. */
    public Optional<Checkpoint> latest(JobState state) {
        if (state.checkpoint() == null) {
            return Optional.empty();
        }
        String key = StorageLayout.checkpointFile(state.jobId(), state.checkpoint());
        Optional<byte[]> bytes = store.find(key);
        if (bytes.isEmpty()) {
            log.warn("job {}: checkpoint {} is gone; starting from the beginning", state.jobId(), store.uri(key));
            return Optional.empty();
        }
        try {
            return Optional.of(CheckpointCodec.decode(bytes.get()));
        } catch (RuntimeException e) {
            log.warn(
                    "job {}: checkpoint {} cannot be read ({}); starting from the beginning",
                    state.jobId(),
                    store.uri(key),
                    e.getMessage());
            return Optional.empty();
        }
    }
}
