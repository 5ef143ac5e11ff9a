package dev.kiln.registry.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.Artifact;
import dev.kiln.contracts.events.EpochCompleted;
import dev.kiln.contracts.events.Hyperparameters;
import dev.kiln.contracts.events.KilnEvent;
import dev.kiln.contracts.events.ModelVersionRegistered;
import dev.kiln.contracts.events.Resources;
import dev.kiln.contracts.events.TrainingJobRequested;
import dev.kiln.contracts.events.TrainingJobStarted;
import dev.kiln.contracts.events.TrainingJobSucceeded;
import dev.kiln.contracts.spec.ModelSpecJson;
import dev.kiln.registry.JobArtifactsFixture;
import dev.kiln.registry.KafkaFixture;
import dev.kiln.registry.RegistryIntegrationTestBase;
import dev.kiln.registry.storage.ObjectStore;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class JobProjectionIntegrationTests extends RegistryIntegrationTestBase {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Autowired
    ObjectStore store;

    @Test
    void eventsDeliveredTwiceAndOutOfOrderGiveOneJobWithItsEpochsAndOneModelVersion() throws Exception {
        String jobId = "job-" + UUID.randomUUID();
        String model = "projection-" + UUID.randomUUID().toString().substring(0, 8);
        List<Artifact> artifacts = JobArtifactsFixture.write(store, jobId);
        TrainingJobRequested requested = TrainingJobRequested.of(
                jobId,
                "fmnist-mlp",
                "fashion-mnist",
                ModelSpecJson.parse("{\"input\": {\"shape\": [1, 28, 28]}, \"layers\": [{\"type\": \"Flatten\"},"
                        + " {\"type\": \"Linear\", \"out_features\": 10}]}"),
                Hyperparameters.defaults(),
                Resources.defaults(),
                model);
        TrainingJobStarted started = TrainingJobStarted.of(jobId, "worker-1", "cpu", 1, 0);
        EpochCompleted epoch1 = EpochCompleted.of(jobId, 1, 0.91, 0.70, 0.80, 0.75, 9000.0, 6.1);
        EpochCompleted epoch2 = EpochCompleted.of(jobId, 2, 0.52, 0.82, 0.45, 0.84, 9100.0, 6.0);
        TrainingJobSucceeded succeeded =
                TrainingJobSucceeded.of(jobId, "worker-1", "cpu", 0.88, 0.35, artifacts, model);

        // Out of order, and all before the request is seen: an epoch before the start, success before epoch 1.
        KafkaFixture.publish(Topics.TRAINING_JOB_EVENTS, epoch2, started, succeeded, epoch1);
        await().atMost(TIMEOUT).until(() -> "READY".equals(versionStatus(jobId)));
        assertThat(jobColumn(jobId, "name")).as("request not seen yet").isNull();

        // Now the request, then everything once more (Kafka delivers at least once).
        KafkaFixture.publish(Topics.TRAINING_JOBS_CPU, requested);
        KafkaFixture.publish(Topics.TRAINING_JOB_EVENTS, started, epoch1, succeeded, epoch2, succeeded);
        KafkaFixture.publish(Topics.TRAINING_JOBS_CPU, requested);
        KafkaFixture.awaitConsumed(TIMEOUT, Topics.TRAINING_JOB_EVENTS, Topics.TRAINING_JOBS_CPU);

        assertThat(count("select count(*) from training_jobs where job_id = :id", jobId))
                .isEqualTo(1);
        Map<String, Object> job = jdbc.sql("select status, name, dataset, worker, device, attempt, test_accuracy,"
                        + " register_as, started_at is not null as started from training_jobs where job_id = :id")
                .param("id", jobId)
                .query()
                .singleRow();
        assertThat(job)
                .containsEntry("status", "SUCCEEDED")
                .containsEntry("name", "fmnist-mlp")
                .containsEntry("dataset", "fashion-mnist")
                .containsEntry("worker", "worker-1")
                .containsEntry("device", "cpu")
                .containsEntry("attempt", 1)
                .containsEntry("test_accuracy", 0.88)
                .containsEntry("register_as", model)
                .containsEntry("started", true);
        List<Map<String, Object>> epochs = jdbc.sql("select e.epoch, e.train_loss, e.val_accuracy"
                        + " from training_job_epochs e join training_jobs j on j.id = e.job_id"
                        + " where j.job_id = :id order by e.epoch")
                .param("id", jobId)
                .query()
                .listOfRows();
        assertThat(epochs)
                .containsExactly(
                        Map.of("epoch", 1, "train_loss", 0.91, "val_accuracy", 0.75),
                        Map.of("epoch", 2, "train_loss", 0.52, "val_accuracy", 0.84));

        assertThat(count("select count(*) from model_versions where job_id = :id", jobId))
                .isEqualTo(1);
        Map<String, Object> version = jdbc.sql("select v.version, v.status, v.dataset, v.hyperparameters::text as hp"
                        + " from model_versions v where v.job_id = :id")
                .param("id", jobId)
                .query()
                .singleRow();
        assertThat(version).containsEntry("version", 1).containsEntry("status", "READY");
        assertThat(version.get("dataset"))
                .as("lineage filled in when the request arrived")
                .isEqualTo("fashion-mnist");
        assertThat((String) version.get("hp")).contains("\"batch_size\": 64");

        List<KilnEvent> announced = KafkaFixture.awaitEvents(
                Topics.MODEL_EVENTS, model, 1, e -> e instanceof ModelVersionRegistered, TIMEOUT);
        assertThat(announced).hasSize(1);
        assertThat((ModelVersionRegistered) announced.get(0))
                .extracting(
                        ModelVersionRegistered::jobId, ModelVersionRegistered::version, ModelVersionRegistered::status)
                .containsExactly(jobId, 1, "READY");

        HttpResponse<String> response = get("/api/v1/jobs/" + jobId);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"status\":\"SUCCEEDED\"")
                .contains("\"epochs\":[{\"epoch\":1,\"train_loss\":0.91")
                .contains("\"model_version\":{\"name\":\"" + model + "\",\"version\":1,\"status\":\"READY\"}")
                .contains("\"hyperparameters\":{");
    }

    private String versionStatus(String jobId) {
        return jdbc.sql("select status from model_versions where job_id = :id")
                .param("id", jobId)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private Object jobColumn(String jobId, String column) {
        return jdbc.sql("select " + column + " from training_jobs where job_id = :id")
                .param("id", jobId)
                .query()
                .singleRow()
                .get(column);
    }

    private long count(String sql, String jobId) {
        return jdbc.sql(sql).param("id", jobId).query(Long.class).single();
    }
}
