package dev.kiln.gateway.events;

import dev.kiln.contracts.events.BatchProgress;
import dev.kiln.contracts.events.CheckpointSaved;
import dev.kiln.contracts.events.EpochCompleted;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.TrainingJobStarted;
import dev.kiln.contracts.events.TrainingJobSucceeded;
import java.util.ArrayList;
import java.util.List;

/** The events of a plausible training run: started, per epoch a few progress reports, the epoch and a checkpoint. */
final class JobScript {
    private JobScript() {}

    static List<JobEvent> run(String jobId, int epochs, int progressPerEpoch) {
        List<JobEvent> events = new ArrayList<>();
        events.add(TrainingJobStarted.of(jobId, "worker-1", "cpu", 1, 0));
        for (int epoch = 1; epoch <= epochs; epoch++) {
            for (int batch = 1; batch <= progressPerEpoch; batch++) {
                events.add(BatchProgress.of(jobId, epoch, batch * 100, 900, 1.0 / (epoch + batch), 0.5, 9000.0));
            }
            events.add(EpochCompleted.of(
                    jobId, epoch, 1.0 / (epoch + 0.123), 0.7 + epoch / 100.0, 0.6, 0.75, 9000.0 + epoch, 6.0 + epoch));
            events.add(CheckpointSaved.of(jobId, epoch, "s3://kiln/jobs/" + jobId + "/checkpoints/epoch-" + epoch));
        }
        events.add(TrainingJobSucceeded.of(jobId, "worker-1", "cpu", 0.88, 0.33, List.of(), null));
        return events;
    }

    /** Index of the first event the seam lets through after a snapshot of events[0..projected). */
    static int firstAfterSnapshot(List<JobEvent> events, int projected) {
        int lastState = -1;
        for (int i = 0; i < projected; i++) {
            JobEvent e = events.get(i);
            if (e instanceof TrainingJobStarted || e instanceof EpochCompleted) {
                lastState = i;
            }
        }
        return lastState + 1;
    }
}
