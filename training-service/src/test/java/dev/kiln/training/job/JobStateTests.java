package dev.kiln.training.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobStateTests {

    @Test
    void attemptsWithoutANewCheckpointCountAsStalled() {
        JobState state = JobState.fresh("job-1");
        for (int i = 1; i <= 4; i++) {
            state = state.startedBy("worker-" + i);
            assertThat(state.attempt()).isEqualTo(i);
            assertThat(state.stalledAttempts()).isEqualTo(i);
        }
    }

    @Test
    void aWorkerKilledAfterEachCheckpointNeverStallsTheJob() {
        JobState state = JobState.fresh("job-1").startedBy("worker-1");
        for (int epoch = 1; epoch <= 5; epoch++) {
            state = state.withCheckpoint("epoch-" + epoch + ".ckpt", epoch).startedBy("worker-" + (epoch + 1));
            assertThat(state.stalledAttempts())
                    .as("attempt %d", state.attempt())
                    .isEqualTo(1);
            assertThat(state.startEpoch()).isEqualTo(epoch);
        }
        assertThat(state.attempt()).isEqualTo(6);
    }

    @Test
    void stalledAttemptsCountAgainAfterTheLastProgress() {
        JobState state = JobState.fresh("job-1")
                .startedBy("w1")
                .withCheckpoint("epoch-1.ckpt", 1)
                .startedBy("w2")
                .startedBy("w3")
                .startedBy("w4");
        assertThat(state.attempt()).isEqualTo(4);
        assertThat(state.stalledAttempts()).isEqualTo(3);
    }

    @Test
    void aStateWrittenBeforeStalledAttemptsExistedCountsEveryAttempt() {
        JobState legacy = new JobState("job-1", 3, null, 0, "boom", "w3", Instant.now(), 0, 0);
        assertThat(legacy.startedBy("w4").stalledAttempts()).isEqualTo(4);
    }
}
