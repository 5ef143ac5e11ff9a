package dev.kiln.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.events.BatchProgress;
import dev.kiln.contracts.events.CheckpointSaved;
import dev.kiln.contracts.events.TrainingJobStarted;
import dev.kiln.e2e.faults.FaultStack;
import dev.kiln.e2e.faults.JobEventWatch;
import dev.kiln.e2e.faults.KilnClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 11, fault 1: a training worker SIGKILLed mid-epoch five times in a row on one job. Each time a new worker
 * takes the job over and resumes it from its latest checkpoint; the job ends SUCCEEDED with every epoch's metrics and
 * exactly one registered model version.
 */
class WorkerKillReliabilityTests {
    private static final int KILLS = 5;
    private static final int EPOCHS = KILLS + 2;
    private static final String TRAINING = "training-service";

    @TempDir
    Path home;

    private FaultStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aJobWhoseWorkerIsKilledMidEpochFiveTimesCompletesFromCheckpointsWithOneVersion() throws Exception {
        stack = FaultStack.start(home, 1);
        KilnClient kiln = stack.client();
        kiln.await("/api/v1/datasets/fashion-mnist", d -> true, Duration.ofSeconds(60));

        String jobId = kiln.submitFashionMnistJob("worker-kills", EPOCHS, "worker-kills");
        List<String> killedAt = new ArrayList<>();
        try (JobEventWatch events = new JobEventWatch(stack.kafkaBootstrap(), jobId)) {
            int seen = 0;
            for (int kill = 1; kill <= KILLS; kill++) {
                int epoch = kill;
                // the checkpoint of epoch `kill`, then progress a quarter into the next epoch: the worker is mid-epoch
                seen = events.await(CheckpointSaved.class, c -> c.epoch() == epoch, seen, Duration.ofMinutes(3));
                seen = events.await(
                        BatchProgress.class,
                        p -> p.epoch() == epoch + 1 && p.batch() >= p.batchesPerEpoch() / 4,
                        seen,
                        Duration.ofMinutes(1));
                BatchProgress mid = (BatchProgress) events.events().get(seen);
                stack.kill(TRAINING);
                killedAt.add("epoch " + mid.epoch() + " batch " + mid.batch() + "/" + mid.batchesPerEpoch());
                System.out.println("killed the worker (SIGKILL) #" + kill + " at " + killedAt.get(killedAt.size() - 1));
                stack.launch(TRAINING);
            }

            JsonNode job = kiln.awaitJobEnded(jobId, Duration.ofMinutes(6));
            assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
            List<Integer> epochs = new ArrayList<>();
            job.path("epochs").forEach(e -> epochs.add(e.path("epoch").asInt()));
            assertThat(epochs)
                    .as("every epoch's metrics, once")
                    .containsExactlyElementsOf(
                            IntStream.rangeClosed(1, EPOCHS).boxed().toList());

            List<Integer> resumedFrom = events.of(TrainingJobStarted.class).stream()
                    .map(TrainingJobStarted::resumedFromEpoch)
                    .toList();
            System.out.println("attempts resumed from epochs " + resumedFrom + "; killed at " + killedAt);
            assertThat(resumedFrom)
                    .as("each new worker resumed from the checkpoint of the epoch before the kill")
                    .containsSubsequence(0, 1, 2, 3, 4, 5);
        }

        JsonNode version = kiln.await(
                "/api/v1/models/worker-kills/versions",
                v -> v.path("versions").size() == 1
                        && "READY"
                                .equals(v.path("versions").get(0).path("status").asString()),
                Duration.ofMinutes(2));
        Thread.sleep(3000); // a second registration (a duplicate success announced) would show up by now
        JsonNode versions = kiln.get("/api/v1/models/worker-kills/versions").json();
        assertThat(versions.path("versions").size()).as(versions.toString()).isEqualTo(1);
        assertThat(version.path("versions").get(0).path("job_id").asString()).isEqualTo(jobId);
    }
}
