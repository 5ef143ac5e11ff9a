package dev.kiln.registry.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.ModelVersionDeleted;
import dev.kiln.registry.KafkaFixture;
import dev.kiln.registry.RegistryIntegrationTestBase;
import dev.kiln.registry.storage.JobArtifactLayout;
import dev.kiln.registry.storage.ObjectStore;
import dev.kiln.registry.storage.Sha256;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ModelsApiIntegrationTests extends RegistryIntegrationTestBase {
    @Autowired
    ObjectStore store;

    @Autowired
    ModelRegistration registration;

    @Test
    void readyVersionShowsLineageSignatureLabelsAndVerifiedArtifacts() throws Exception {
        String model = TrainedVersions.uniqueModel("described");
        TrainedModel job = TrainedVersions.trainedModel(store, model);
        registration.registerTrainedModel(job).orElseThrow();

        HttpResponse<String> response = get("/api/v1/models/" + model + "/versions/1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"status\":\"READY\"")
                .contains("\"job_id\":\"" + job.jobId() + "\"")
                .contains("\"dataset\":\"fashion-mnist\"")
                .contains("\"hyperparameters\":{\"epochs\":2,\"batch_size\":64}")
                .contains("\"test_accuracy\":0.87")
                .contains("\"val_accuracy\":0.84")
                .contains("\"inputs\":[{\"name\":\"input\",\"shape\":[-1,1,28,28],\"datatype\":\"FP32\"}]")
                .contains("{\"name\":\"probabilities\",\"shape\":[-1,10],\"datatype\":\"FP32\"}")
                .contains("{\"name\":\"label\",\"shape\":[-1],\"datatype\":\"BYTES\"}")
                .contains("\"labels\":[\"T-shirt/top\",\"Trouser\"")
                .containsPattern(
                        "\"normalization\":\\{(\"mean\":\\[0.286],\"std\":\\[0.353]|\"std\":\\[0.353],\"mean\":\\[0.286])}")
                .contains("\"worker\":\"worker-1\"");
        for (String file : new String[] {"MANIFEST.json", "metrics.json", "model.onnx", "spec.json", "state_dict.pt"}) {
            assertThat(response.body()).contains("{\"file\":\"" + file + "\",\"size_bytes\":");
        }
        assertThat(response.body()).contains("s3://" + store.bucket() + "/models/" + model + "/1/model.onnx");
    }

    @Test
    void artifactDownloadStreamsTheVerifiedBytesWithTheirSha256AsETag() throws Exception {
        String model = TrainedVersions.uniqueModel("download");
        TrainedModel job = TrainedVersions.trainedModel(store, model);
        registration.registerTrainedModel(job).orElseThrow();
        byte[] trained = store.readAll(JobArtifactLayout.artifactFile(job.jobId(), StorageLayout.MODEL_ONNX));

        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(uri("/api/v1/models/" + model + "/versions/1/artifacts/model.onnx"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(trained);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + Sha256.of(trained) + "\"");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("model.onnx");

        HttpResponse<String> missing = get("/api/v1/models/" + model + "/versions/1/artifacts/weights.bin");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body())
                .contains("\"error_code\":\"NOT_FOUND\"")
                .contains("has no artifact 'weights.bin'; it has MANIFEST.json, metrics.json, model.onnx");
    }

    @Test
    void searchFindsModelsByPartOfTheirNameInPages() throws Exception {
        String stem = TrainedVersions.uniqueModel("searchable");
        for (String suffix : new String[] {"a", "b", "c"}) {
            TrainedVersions.register(store, registration, stem + "-" + suffix);
        }
        HttpResponse<String> first = get("/api/v1/models?search=" + stem.substring(4) + "&limit=2");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body())
                .contains("\"name\":\"" + stem + "-a\"")
                .contains("\"name\":\"" + stem + "-b\"")
                .doesNotContain(stem + "-c")
                .contains("\"latest_version\":1");
        String token = first.body().replaceAll(".*\"next_page_token\":\"([^\"]+)\".*", "$1");
        HttpResponse<String> second =
                get("/api/v1/models?search=" + stem.substring(4) + "&limit=2&page_token=" + token);
        assertThat(second.body()).contains("\"name\":\"" + stem + "-c\"").contains("\"next_page_token\":null");
        assertThat(get("/api/v1/models?page_token=bogus").body())
                .contains("\"field\":\"page_token\"")
                .contains("\"status\":400");
    }

    @Test
    void unknownModelsAndVersionsAreNotFoundAndBadVersionNumbersAreRefused() throws Exception {
        HttpResponse<String> unknown = get("/api/v1/models/no-such-model");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(unknown.body())
                .contains("\"type\":\"https://kiln.dev/errors/not-found\"")
                .contains("\"title\":\"Not Found\"")
                .contains("\"detail\":\"registered model 'no-such-model' does not exist\"")
                .contains("\"error_code\":\"NOT_FOUND\"");
        String model = TrainedVersions.uniqueModel("versions");
        TrainedVersions.register(store, registration, model);
        assertThat(get("/api/v1/models/" + model + "/versions/7").body()).contains("has no version 7");
        HttpResponse<String> bad = get("/api/v1/models/" + model + "/versions/seven");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body())
                .contains("\"field\":\"version\"")
                .contains("version must be a whole number, got 'seven'")
                .doesNotContain("Exception")
                .doesNotContain("java.");
    }

    @Test
    void deletingAVersionAnnouncesItAndRemovesItsFiles() throws Exception {
        String model = TrainedVersions.uniqueModel("deleted");
        TrainedVersions.register(store, registration, model);
        TrainedVersions.register(store, registration, model);

        HttpResponse<String> deleted = send("DELETE", "/api/v1/models/" + model + "/versions/1", null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(get("/api/v1/models/" + model + "/versions/1").statusCode()).isEqualTo(404);
        assertThat(KafkaFixture.awaitEvents(
                        Topics.MODEL_EVENTS, model, 1, e -> e instanceof ModelVersionDeleted, Duration.ofSeconds(30)))
                .singleElement()
                .extracting(e -> ((ModelVersionDeleted) e).version())
                .isEqualTo(1);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store.size(
                        StorageLayout.modelFile(model, 1, StorageLayout.MODEL_ONNX))
                .isEmpty());
        assertThat(TrainedVersions.register(store, registration, model).version())
                .as("a deleted version's number is not handed out again")
                .isEqualTo(3);
    }
}
