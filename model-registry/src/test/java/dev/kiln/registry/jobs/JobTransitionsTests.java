package dev.kiln.registry.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.events.EpochCompleted;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.TrainingJobCancelled;
import dev.kiln.contracts.events.TrainingJobFailed;
import dev.kiln.contracts.events.TrainingJobStarted;
import dev.kiln.contracts.events.TrainingJobSucceeded;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobTransitionsTests {
    static final String JOB = "job-1";

    static JobState apply(JobEvent... events) {
        JobState state = JobState.queued();
        for (JobEvent event : events) {
            state = JobTransitions.next(state, event);
        }
        return state;
    }

    @Test
    void startedJobRunsOnItsWorkerAndSucceeds() {
        JobState running = apply(TrainingJobStarted.of(JOB, "w1", "cuda:0", 1, 0));
        assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(running.worker()).isEqualTo("w1");
        assertThat(running.startedAt()).isNotNull();
        JobState done =
                JobTransitions.next(running, TrainingJobSucceeded.of(JOB, "w1", "cuda:0", 0.9, 0.3, List.of(), null));
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.testAccuracy()).isEqualTo(0.9);
        assertThat(done.finishedAt()).isNotNull();
    }

    @Test
    void terminalStatusNeverMovesBackwards() {
        for (JobEvent terminal : List.<JobEvent>of(
                TrainingJobSucceeded.of(JOB, "w1", "cpu", 0.9, 0.3, List.of(), null),
                TrainingJobFailed.of(JOB, "boom", "INTERNAL", 1, false),
                TrainingJobCancelled.of(JOB, "stop"))) {
            JobState ended = apply(TrainingJobStarted.of(JOB, "w1", "cpu", 1, 0), terminal);
            assertThat(ended.status().terminal()).isTrue();
            for (JobEvent late : List.<JobEvent>of(
                    TrainingJobStarted.of(JOB, "w2", "cpu", 2, 0),
                    EpochCompleted.of(JOB, 3, 0.1, 0.9, null, null, 1, 1),
                    TrainingJobFailed.of(JOB, "late", "INTERNAL", 5, true),
                    TrainingJobCancelled.of(JOB, "late"),
                    TrainingJobSucceeded.of(JOB, "w9", "cpu", 0.1, 9, List.of(), null))) {
                assertThat(JobTransitions.next(ended, late))
                        .as(terminal.type() + " then " + late.type())
                        .isEqualTo(ended);
            }
        }
    }

    @Test
    void retryableFailureRequeuesAndOnlyAHigherAttemptRestartsIt() {
        JobState requeued = apply(
                TrainingJobStarted.of(JOB, "w1", "cpu", 1, 0),
                TrainingJobFailed.of(JOB, "worker lost", "UNAVAILABLE", 1, true));
        assertThat(requeued.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(requeued.error()).isEqualTo("worker lost");
        assertThat(requeued.finishedAt()).isNull();

        assertThat(JobTransitions.next(requeued, TrainingJobStarted.of(JOB, "w1", "cpu", 1, 0)))
                .as("a stale start of the failed attempt")
                .isEqualTo(requeued);
        assertThat(JobTransitions.next(requeued, EpochCompleted.of(JOB, 1, 0.5, 0.5, null, null, 1, 1))
                        .status())
                .as("progress of the failed attempt does not make it run")
                .isEqualTo(JobStatus.QUEUED);

        JobState retried = JobTransitions.next(requeued, TrainingJobStarted.of(JOB, "w2", "cpu", 2, 1));
        assertThat(retried.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(retried.attempt()).isEqualTo(2);
        assertThat(retried.worker()).isEqualTo("w2");
        assertThat(retried.error()).isNull();
        assertThat(retried.startedAt()).as("the job's first start is kept").isEqualTo(requeued.startedAt());
    }

    @Test
    void failureOfAnEarlierAttemptIsStale() {
        JobState second = apply(
                TrainingJobStarted.of(JOB, "w1", "cpu", 1, 0),
                TrainingJobFailed.of(JOB, "lost", "UNAVAILABLE", 1, true),
                TrainingJobStarted.of(JOB, "w2", "cpu", 2, 0));
        assertThat(JobTransitions.next(second, TrainingJobFailed.of(JOB, "old news", "INTERNAL", 1, false)))
                .isEqualTo(second);
    }

    @Test
    void progressBeforeTheStartMeansTheJobRuns() {
        assertThat(apply(EpochCompleted.of(JOB, 2, 0.5, 0.8, null, null, 100, 2))
                        .status())
                .isEqualTo(JobStatus.RUNNING);
    }
}
