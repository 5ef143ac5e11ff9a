package dev.kiln.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiln.contracts.events.BatchProgress;
import dev.kiln.contracts.events.CheckpointSaved;
import dev.kiln.contracts.events.Hyperparameters;
import dev.kiln.contracts.events.TrainingJobRequested;
import dev.kiln.contracts.events.TrainingJobStarted;
import dev.kiln.contracts.events.TrainingJobSucceeded;
import dev.kiln.contracts.spec.ModelSpec;
import dev.kiln.infra.testing.KilnInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * A worker in its own JVM is killed mid-epoch; a second worker takes the job once the first one's consumer session
 * has expired and finishes it from the last epoch checkpoint. The workers consume a queue of their own, so a worker
 * of another test in this JVM stays out of it.
 */
class WorkerCrashIntegrationTests {
    static final String QUEUE = "crash-test-jobs";
    static final String GROUP = "crash-test-workers";

    @Test
    void aKilledWorkersJobIsFinishedByAnotherWorkerFromItsCheckpoint() throws Exception {
        TestDatasets.upload(TestDatasets.MEDIUM);
        JobEvents.start();
        createQueue();
        Hyperparameters hyperparameters = new Hyperparameters(4, 64, "adam", 0.001, 11, 0.1);
        TrainingJobRequested job =
                JobQueue.submit(QUEUE, JobQueue.job(TestDatasets.MEDIUM, ModelSpec.ofTemplate("mlp"), hyperparameters));

        try (WorkerProcess first = WorkerProcess.start("crash-worker-a", QUEUE, GROUP)) {
            JobEvents.await(job.jobId(), CheckpointSaved.class, e -> e.epoch() == 1, Duration.ofMinutes(2));
            JobEvents.await(job.jobId(), BatchProgress.class, e -> e.epoch() == 2, Duration.ofSeconds(30));
            first.kill();
        }
        assertThat(JobEvents.of(job.jobId(), TrainingJobSucceeded.class)).isEmpty();

        try (WorkerProcess second = WorkerProcess.start("crash-worker-b", QUEUE, GROUP)) {
            TrainingJobSucceeded resumed =
                    (TrainingJobSucceeded) JobEvents.awaitEnd(job.jobId(), Duration.ofMinutes(2));
            assertThat(resumed.worker()).isEqualTo("crash-worker-b");
            TrainingJobStarted restart = JobEvents.await(
                    job.jobId(), TrainingJobStarted.class, e -> e.attempt() == 2, Duration.ofSeconds(1));
            assertThat(restart.worker()).isEqualTo("crash-worker-b");
            assertThat(restart.resumedFromEpoch()).isBetween(1, 2);

            TrainingJobRequested reference = JobQueue.submit(
                    QUEUE, JobQueue.job(TestDatasets.MEDIUM, ModelSpec.ofTemplate("mlp"), hyperparameters));
            TrainingJobSucceeded uninterrupted =
                    (TrainingJobSucceeded) JobEvents.awaitEnd(reference.jobId(), Duration.ofMinutes(2));
            System.out.printf(
                    "test accuracy: resumed after a crash %.4f, uninterrupted %.4f%n",
                    resumed.testAccuracy(), uninterrupted.testAccuracy());
            assertThat(resumed.testAccuracy()).isCloseTo(uninterrupted.testAccuracy(), within(0.01));
            assertThat(JobEvents.of(job.jobId(), TrainingJobSucceeded.class)).hasSize(1);
        }
    }

    private static void createQueue() throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KilnInfrastructure.endpoints().kafkaBootstrapServers()))) {
            if (!admin.listTopics().names().get().contains(QUEUE)) {
                admin.createTopics(List.of(new NewTopic(QUEUE, 4, (short) 1)))
                        .all()
                        .get();
            }
        }
    }
}
