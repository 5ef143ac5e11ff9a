package dev.kiln.registry.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.KilnEvent;
import dev.kiln.contracts.events.ModelVersionRegistered;
import dev.kiln.contracts.events.TrainingJobSucceeded;
import dev.kiln.registry.KafkaFixture;
import dev.kiln.registry.RegistryIntegrationTestBase;
import dev.kiln.registry.storage.JobArtifactLayout;
import dev.kiln.registry.storage.ObjectStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ModelRegistrationIntegrationTests extends RegistryIntegrationTestBase {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Autowired
    ObjectStore store;

    @Autowired
    ModelRegistration registration;

    @Test
    void twentyParallelRegistrationsOfOneModelGetVersionsOneToTwentyWithoutGapsOrDuplicates() throws Exception {
        String model = TrainedVersions.uniqueModel("parallel");
        List<TrainedModel> jobs = IntStream.range(0, 20)
                .mapToObj(i -> TrainedVersions.trainedModel(store, model))
                .toList();
        List<RegisteredVersion> registered = runTogether(jobs.stream()
                .map(job -> (java.util.concurrent.Callable<RegisteredVersion>)
                        () -> registration.registerTrainedModel(job).orElseThrow())
                .toList());

        assertThat(registered)
                .extracting(RegisteredVersion::version)
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.rangeClosed(1, 20).boxed().toList());
        assertThat(registered).extracting(RegisteredVersion::status).containsOnly(VersionStatus.READY);
        List<Map<String, Object>> rows = jdbc.sql("select v.version, v.job_id, v.status from model_versions v"
                        + " join registered_models m on m.id = v.model_id where m.name = :name order by v.version")
                .param("name", model)
                .query()
                .listOfRows();
        assertThat(rows)
                .extracting(r -> r.get("version"))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
        assertThat(rows)
                .extracting(r -> r.get("job_id"))
                .containsExactlyInAnyOrderElementsOf(
                        jobs.stream().map(TrainedModel::jobId).toList());
        List<KilnEvent> events = KafkaFixture.awaitEvents(
                Topics.MODEL_EVENTS, model, 20, e -> e instanceof ModelVersionRegistered, TIMEOUT);
        assertThat(events)
                .extracting(e -> ((ModelVersionRegistered) e).version())
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.rangeClosed(1, 20).boxed().toList());
    }

    @Test
    void oneSuccessDeliveredManyTimesAtOnceRegistersOneVersion() throws Exception {
        String model = TrainedVersions.uniqueModel("redelivered");
        TrainedModel job = TrainedVersions.trainedModel(store, model);
        List<RegisteredVersion> registered = runTogether(IntStream.range(0, 8)
                .mapToObj(i -> (java.util.concurrent.Callable<RegisteredVersion>)
                        () -> registration.registerTrainedModel(job).orElseThrow())
                .toList());

        assertThat(registered).extracting(RegisteredVersion::version).containsOnly(1);
        assertThat(jdbc.sql("select count(*) from model_versions where job_id = :id")
                        .param("id", job.jobId())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(KafkaFixture.awaitEvents(
                        Topics.MODEL_EVENTS,
                        model,
                        1,
                        e -> e instanceof ModelVersionRegistered,
                        Duration.ofSeconds(20)))
                .hasSize(1);
    }

    @Test
    void artifactAlteredInStorageAfterTrainingFailsRegistrationWithAMessageNamingTheFile() throws Exception {
        String model = TrainedVersions.uniqueModel("altered");
        TrainedModel job = TrainedVersions.trainedModel(store, model);
        store.putBytes(
                JobArtifactLayout.artifactFile(job.jobId(), StorageLayout.MODEL_ONNX),
                "not the trained model".getBytes(),
                "application/octet-stream");

        KafkaFixture.publish(
                Topics.TRAINING_JOB_EVENTS,
                TrainingJobSucceeded.of(job.jobId(), "worker-1", "cpu", 0.87, 0.36, job.artifacts(), model));
        await().atMost(TIMEOUT)
                .until(() -> jdbc.sql("select count(*) from model_versions where job_id = :id"
                                        + " and status <> 'PENDING_REGISTRATION'")
                                .param("id", job.jobId())
                                .query(Long.class)
                                .single()
                        == 1);

        Map<String, Object> version = jdbc.sql(
                        "select id, version, status, status_message from model_versions" + " where job_id = :id")
                .param("id", job.jobId())
                .query()
                .singleRow();
        assertThat(version).containsEntry("status", "FAILED_REGISTRATION");
        assertThat((String) version.get("status_message"))
                .contains("sha256 of model.onnx")
                .contains("MANIFEST.json says")
                .contains("model.onnx changed after training");
        assertThat(jdbc.sql("select count(*) from model_artifacts where model_version_id = :id")
                        .param("id", version.get("id"))
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(store.size(StorageLayout.modelFile(model, 1, StorageLayout.SPEC_JSON)))
                .as("no copy of a failed version is left")
                .isEmpty();
        List<KilnEvent> events = KafkaFixture.awaitEvents(
                Topics.MODEL_EVENTS, model, 1, e -> e instanceof ModelVersionRegistered, TIMEOUT);
        assertThat(events)
                .singleElement()
                .extracting(e -> ((ModelVersionRegistered) e).status())
                .isEqualTo("FAILED_REGISTRATION");
        assertThat(get("/api/v1/models/" + model + "/versions/1").body())
                .contains("\"status\":\"FAILED_REGISTRATION\"")
                .contains("\"status_message\":\"sha256 of model.onnx is ");
    }

    private static <T> List<T> runTogether(List<java.util.concurrent.Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (var task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(2, java.util.concurrent.TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
