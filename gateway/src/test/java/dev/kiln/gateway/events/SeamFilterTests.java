package dev.kiln.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.events.BatchProgress;
import dev.kiln.contracts.events.CheckpointSaved;
import dev.kiln.contracts.events.EpochCompleted;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.TrainingJobFailed;
import dev.kiln.contracts.events.TrainingJobStarted;
import dev.kiln.contracts.events.TrainingJobSucceeded;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The seam between a job snapshot and the events after it, for a registry behind, level with, or ahead of Kafka. */
class SeamFilterTests {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String JOB = "j";

    private final List<JobEvent> run = JobScript.run(JOB, 3, 2);

    @Test
    void aSnapshotOfEveryPrefixLetsThroughExactlyTheEventsAfterItsLastStateChange() {
        for (int projected = 0; projected <= run.size() - 1; projected++) {
            SeamFilter seam = new SeamFilter(snapshot(run.subList(0, projected)));
            List<JobEvent> admitted = admitted(seam, run);
            int first = JobScript.firstAfterSnapshot(run, projected);
            assertThat(admitted)
                    .as("snapshot of %d events", projected)
                    .containsExactlyElementsOf(run.subList(first, run.size()));
        }
    }

    @Test
    void aRegistryAheadOfTheGatewayDropsTheLiveEventsItAlreadyShows() {
        // the snapshot shows epochs 1 and 2; the gateway's history starts late, inside epoch 2
        int epoch2 = indexOf(EpochCompleted.class, 2);
        SeamFilter seam = new SeamFilter(snapshot(run.subList(0, epoch2 + 1)));
        List<JobEvent> admitted = admitted(seam, run.subList(epoch2 - 2, run.size()));
        assertThat(admitted).containsExactlyElementsOf(run.subList(epoch2 + 1, run.size()));
    }

    @Test
    void eachEventIsLetThroughOnceEvenWhenKafkaDeliversItTwice() {
        SeamFilter seam = new SeamFilter(snapshot(List.of()));
        List<JobEvent> twice = new ArrayList<>(run);
        twice.addAll(5, run.subList(2, 5));
        assertThat(admitted(seam, twice)).containsExactlyElementsOf(run);
    }

    @Test
    void aResumedAttemptsRerunOfAnEpochIsNewButTheFailedAttemptsEventsAreNot() {
        List<JobEvent> events = new ArrayList<>();
        events.add(TrainingJobStarted.of(JOB, "w1", "cpu", 1, 0));
        events.add(EpochCompleted.of(JOB, 1, 0.9, 0.6, null, null, 100, 5));
        events.add(CheckpointSaved.of(JOB, 1, "s3://c1"));
        events.add(EpochCompleted.of(JOB, 2, 0.8, 0.7, null, null, 100, 5));
        events.add(TrainingJobFailed.of(JOB, "worker lost", "UNAVAILABLE", 1, true));
        events.add(TrainingJobStarted.of(JOB, "w2", "cpu", 2, 1));
        events.add(BatchProgress.of(JOB, 2, 10, 100, 0.85, 0.65, 100));
        events.add(EpochCompleted.of(JOB, 2, 0.75, 0.72, null, null, 100, 5.5));
        events.add(TrainingJobSucceeded.of(JOB, "w2", "cpu", 0.8, 0.5, List.of(), null));

        // the registry saw attempt 1 fail (QUEUED with its error, epochs 1 and 2 of attempt 1)
        SeamFilter requeued = new SeamFilter(snapshot(events.subList(0, 5)));
        assertThat(admitted(requeued, events)).containsExactlyElementsOf(events.subList(5, events.size()));

        // the registry saw attempt 2 start; its re-run of epoch 2 differs from attempt 1's and is new
        SeamFilter restarted = new SeamFilter(snapshot(events.subList(0, 6)));
        assertThat(admitted(restarted, events)).containsExactlyElementsOf(events.subList(7, events.size()));
    }

    @Test
    void aTerminalSnapshotLetsNothingThrough() {
        SeamFilter seam = new SeamFilter(snapshot(run));
        assertThat(admitted(seam, run)).isEmpty();
    }

    private int indexOf(Class<?> type, int epoch) {
        for (int i = 0; i < run.size(); i++) {
            if (run.get(i) instanceof EpochCompleted e && type == EpochCompleted.class && e.epoch() == epoch) {
                return i;
            }
        }
        throw new AssertionError("no epoch " + epoch);
    }

    private static JobSnapshot snapshot(List<JobEvent> projected) {
        return JobSnapshot.of(JSON.readTree(ProjectedJob.of(JOB, projected)));
    }

    private static List<JobEvent> admitted(SeamFilter seam, List<JobEvent> events) {
        return events.stream().filter(seam::admit).toList();
    }
}
