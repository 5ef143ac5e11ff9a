package dev.kiln.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.BatchProgress;
import dev.kiln.contracts.events.Hyperparameters;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.TrainingJobCancelled;
import dev.kiln.contracts.events.TrainingJobFailed;
import dev.kiln.contracts.events.TrainingJobRequested;
import dev.kiln.contracts.events.TrainingJobStarted;
import dev.kiln.contracts.events.TrainingJobSucceeded;
import dev.kiln.contracts.messaging.CorrelationId;
import dev.kiln.contracts.spec.Flatten;
import dev.kiln.contracts.spec.Linear;
import dev.kiln.contracts.spec.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jobs that do not succeed: each ends in the right state with a message a person can act on, its request goes to
 * the dead-letter topic when it cannot succeed, and the worker goes on to the next job.
 */
class JobEndingsIntegrationTests extends WorkerIntegrationTest {
    static final Duration END = Duration.ofSeconds(90);
    static final String DLT = Topics.deadLetter(Topics.TRAINING_JOBS_CPU);

    @BeforeAll
    static void dataAndEvents() {
        TestDatasets.upload(TestDatasets.SMALL);
        TestDatasets.upload(TestDatasets.CORRUPT);
        JobEvents.start();
    }

    static Hyperparameters epochs(int epochs) {
        return new Hyperparameters(epochs, 64, "adam", 0.001, 1, 0.1);
    }

    @Test
    void cancellingARunningJobStopsItWithinASecondAndTheWorkerGoesOn() {
        TrainingJobRequested job =
                JobQueue.submit(JobQueue.job(TestDatasets.SMALL, ModelSpec.ofTemplate("mlp"), epochs(200)));
        JobEvents.await(job.jobId(), BatchProgress.class, Duration.ofSeconds(60));

        long sent = System.nanoTime();
        JobQueue.cancel(job.jobId());
        JobEvent end = JobEvents.awaitEnd(job.jobId(), Duration.ofSeconds(10));
        long stoppedAfter =
                JobEvents.received(job.jobId(), TrainingJobCancelled.class).receivedNanos() - sent;

        assertThat(end).isInstanceOf(TrainingJobCancelled.class);
        assertThat(((TrainingJobCancelled) end).reason()).isEqualTo("cancelled by the test");
        assertThat(Duration.ofNanos(stoppedAfter)).isLessThan(Duration.ofSeconds(1));
        assertWorkerGoesOn();
    }

    @Test
    void aJobCancelledWhileQueuedNeverStarts() {
        TrainingJobRequested job = JobQueue.job(TestDatasets.SMALL, ModelSpec.ofTemplate("mlp"), epochs(1));
        JobQueue.cancel(job.jobId());
        JobQueue.submit(job);

        assertThat(JobEvents.awaitEnd(job.jobId(), END)).isInstanceOf(TrainingJobCancelled.class);
        assertThat(JobEvents.of(job.jobId(), TrainingJobStarted.class)).isEmpty();
    }

    @Test
    void aJobWhoseDataSetFileIsCorruptFailsNamingTheFile() {
        TrainingJobRequested job =
                JobQueue.submit(JobQueue.job(TestDatasets.CORRUPT, ModelSpec.ofTemplate("mlp"), epochs(1)));

        TrainingJobFailed failed = (TrainingJobFailed) JobEvents.awaitEnd(job.jobId(), END);
        assertThat(failed.errorCode()).isEqualTo("FAILED_PRECONDITION");
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.error())
                .contains("data set 'corrupt-images' cannot be used")
                .contains("train-images-idx3-ubyte.gz is not a valid IDX file")
                .contains("upload the data set again");
        assertThat(JobQueue.keys(DLT)).contains(job.jobId());
        assertWorkerGoesOn();
    }

    @Test
    void aJobWithAnImpossibleSpecFailsNamingTheLayerAndShapes() {
        ModelSpec impossible = new ModelSpec(null, List.of(new Flatten(), new Linear(100, 10, null)), null);
        TrainingJobRequested job = JobQueue.submit(
                JobQueue.job(TestDatasets.SMALL, impossible, epochs(1)), new CorrelationId("impossible-1"));

        TrainingJobFailed failed = (TrainingJobFailed) JobEvents.awaitEnd(job.jobId(), END);
        assertThat(JobEvents.received(job.jobId())).singleElement().satisfies(r -> assertThat(r.correlationId())
                .isEqualTo("impossible-1"));
        assertThat(failed.errorCode()).isEqualTo("INVALID_ARGUMENT");
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.error())
                .contains("layer 1 (Linear) expects 100 input features, got 784")
                .contains("model.layers[1].in_features");
        assertThat(JobEvents.of(job.jobId(), TrainingJobStarted.class)).isEmpty();
        assertThat(JobQueue.keys(DLT)).contains(job.jobId());
        assertWorkerGoesOn();
    }

    @Test
    void aJobStartedTooOftenIsFailedAndDeadLettered() {
        TrainingJobRequested job = JobQueue.job(TestDatasets.SMALL, ModelSpec.ofTemplate("mlp"), epochs(1));
        String state = "{\"job_id\":\"" + job.jobId() + "\",\"attempt\":3,\"checkpoint_epoch\":0,"
                + "\"last_error\":\"EngineException: out of memory\"}";
        TestDatasets.bucket()
                .put(
                        StorageLayout.checkpointFile(job.jobId(), "state.json"),
                        state.getBytes(StandardCharsets.UTF_8),
                        "application/json");
        JobQueue.submit(job);

        TrainingJobFailed failed = (TrainingJobFailed) JobEvents.awaitEnd(job.jobId(), END);
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.attempt()).isEqualTo(3);
        assertThat(failed.error())
                .contains("started 3 times")
                .contains("EngineException: out of memory")
                .contains("training-jobs-cpu-dlt");
        assertThat(JobQueue.keys(DLT)).contains(job.jobId());
    }

    /** The next job after a failure trains to the end. */
    private static void assertWorkerGoesOn() {
        TrainingJobRequested next =
                JobQueue.submit(JobQueue.job(TestDatasets.SMALL, ModelSpec.ofTemplate("mlp"), epochs(1)));
        assertThat(JobEvents.awaitEnd(next.jobId(), END)).isInstanceOf(TrainingJobSucceeded.class);
    }
}
