package dev.kiln.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.kiln.contracts.StorageLayout;
import dev.kiln.contracts.events.Artifact;
import dev.kiln.contracts.events.BatchProgress;
import dev.kiln.contracts.events.CheckpointSaved;
import dev.kiln.contracts.events.EpochCompleted;
import dev.kiln.contracts.events.Hyperparameters;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.TrainingJobRequested;
import dev.kiln.contracts.events.TrainingJobStarted;
import dev.kiln.contracts.events.TrainingJobSucceeded;
import dev.kiln.contracts.messaging.CorrelationId;
import dev.kiln.contracts.spec.ModelSpec;
import dev.kiln.contracts.spec.ModelSpecJson;
import dev.kiln.training.data.FashionMnist;
import dev.kiln.training.data.Samples;
import dev.kiln.training.storage.ObjectStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A worker trains the mlp template on the whole of Fashion-MNIST from a queued job to exported, working artifacts. */
@ExtendWith(OutputCaptureExtension.class)
class TrainingWorkerIntegrationTests extends WorkerIntegrationTest {
    @LocalServerPort
    int port;

    static final List<String> FILES =
            List.of("model.onnx", "state_dict.pt", "model.safetensors", "spec.json", "metrics.json", "MANIFEST.json");

    @BeforeAll
    static void dataAndEvents() {
        TestDatasets.upload(TestDatasets.FASHION_MNIST);
        JobEvents.start();
    }

    @Test
    void trainsTheMlpTemplateOnFashionMnistToWorkingArtifacts() throws Exception {
        TrainingJobRequested job = JobQueue.submit(JobQueue.job(
                TestDatasets.FASHION_MNIST,
                ModelSpec.ofTemplate("mlp"),
                new Hyperparameters(2, 64, "adam", 0.001, 42, 0.1)));

        JobEvent end = JobEvents.awaitEnd(job.jobId(), Duration.ofMinutes(3));
        assertThat(end).isInstanceOf(TrainingJobSucceeded.class);
        TrainingJobSucceeded success = (TrainingJobSucceeded) end;
        assertThat(success.testAccuracy()).isGreaterThanOrEqualTo(0.85);
        assertThat(success.worker()).isEqualTo(WORKER_ID);
        assertThat(success.device()).isEqualTo("cpu");
        assertThat(success.registerAs()).isEqualTo("test-model");

        TrainingJobStarted started =
                JobEvents.of(job.jobId(), TrainingJobStarted.class).get(0);
        assertThat(started.attempt()).isEqualTo(1);
        assertThat(started.resumedFromEpoch()).isZero();
        List<EpochCompleted> epochs = JobEvents.of(job.jobId(), EpochCompleted.class);
        assertThat(epochs).extracting(EpochCompleted::epoch).containsExactly(1, 2);
        assertThat(epochs).allSatisfy(e -> {
            assertThat(e.valAccuracy()).isGreaterThan(0.8);
            assertThat(e.samplesPerSecond()).isPositive();
        });
        assertThat(JobEvents.of(job.jobId(), CheckpointSaved.class))
                .extracting(CheckpointSaved::epoch)
                .containsExactly(1, 2);
        assertProgressAtMostTwiceASecond(job.jobId());

        ObjectStore bucket = TestDatasets.bucket();
        assertThat(success.artifacts()).extracting(Artifact::file).containsExactlyElementsOf(FILES);
        for (Artifact artifact : success.artifacts()) {
            String key = StorageLayout.jobPrefix(job.jobId()) + "artifacts/" + artifact.file();
            assertThat(artifact.uri()).isEqualTo("s3://" + bucket.bucket() + "/" + key);
            byte[] bytes = bucket.find(key).orElseThrow();
            assertThat(bytes.length).isEqualTo(artifact.sizeBytes());
            assertThat(sha256(bytes)).isEqualTo(artifact.sha256());
        }
        assertManifestListsEveryOtherFile(bucket, job.jobId(), success);
        assertSpecJson(bucket, job.jobId());
        assertOnnxPredictsTheFirstTestImage(bucket, job.jobId());
        assertRedeliveryAnnouncesTheSameSuccessWithoutTraining(job, success);
    }

    @Test
    void trainsOnACsvDataSetWithoutATestSplitAndTagsEveryEventWithTheRequestsCorrelationId(CapturedOutput output)
            throws Exception {
        TestDatasets.upload(TestDatasets.CSV);
        TrainingJobRequested job = JobQueue.submit(
                JobQueue.job(
                        TestDatasets.CSV,
                        ModelSpec.ofTemplate("mlp"),
                        new Hyperparameters(5, 32, "sgd", 0.05, 3, 0.25)),
                new CorrelationId("abc-123"));

        JobEvent end = JobEvents.awaitEnd(job.jobId(), Duration.ofMinutes(2));
        assertThat(end).isInstanceOf(TrainingJobSucceeded.class);
        List<JobEvents.Received> events = JobEvents.received(job.jobId());
        assertThat(events)
                .extracting(r -> r.event().type())
                .contains("TrainingJobStarted", "EpochCompleted", "CheckpointSaved", "TrainingJobSucceeded");
        assertThat(events).allSatisfy(r -> assertThat(r.correlationId())
                .as("the correlation id of %s", r.event().type())
                .isEqualTo("abc-123"));
        assertThat(output.getOut()).containsPattern("\\[abc-123\\] .*job " + job.jobId() + " succeeded");
        assertTrainingMetrics();
        assertThat(((TrainingJobSucceeded) end).testAccuracy()).isGreaterThan(0.9);
        JsonNode spec = ModelSpecJson.mapper()
                .readTree(TestDatasets.bucket()
                        .find(StorageLayout.jobPrefix(job.jobId()) + "artifacts/spec.json")
                        .orElseThrow());
        assertThat(spec.get("input_shape").toString()).isEqualTo("[4]");
        assertThat(spec.get("labels").toString()).isEqualTo("[\"left\",\"right\"]");
        assertThat(spec.get("normalization").get("mean")).hasSize(4);
    }

    /** The worker's Prometheus metrics after a job succeeded (the scrape is kept in target/ for the dashboard). */
    private void assertTrainingMetrics() throws Exception {
        HttpResponse<String> scrape = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        Files.writeString(Path.of("target", "training-service-prometheus.txt"), scrape.body());
        assertThat(scrape.body())
                .containsPattern("kiln_training_jobs_total\\{outcome=\"succeeded\",worker=\"" + WORKER_ID + "\"} [1-9]")
                .contains("kiln_training_jobs_active{worker=\"" + WORKER_ID + "\"}")
                .contains("kiln_training_samples_per_second{worker=\"" + WORKER_ID + "\"}")
                .containsPattern("kiln_training_queue_depth\\{queue=\"training-jobs-cpu\"} [0-9]");
    }

    private static void assertProgressAtMostTwiceASecond(String jobId) {
        List<BatchProgress> progress = JobEvents.of(jobId, BatchProgress.class);
        assertThat(progress).isNotEmpty();
        for (int i = 1; i < progress.size(); i++) {
            Duration gap = Duration.between(
                    progress.get(i - 1).occurredAt(), progress.get(i).occurredAt());
            assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(490));
        }
    }

    private static void assertManifestListsEveryOtherFile(ObjectStore bucket, String jobId, TrainingJobSucceeded job) {
        JsonNode manifest = ModelSpecJson.mapper()
                .readTree(bucket.find(StorageLayout.jobPrefix(jobId) + "artifacts/MANIFEST.json")
                        .orElseThrow());
        assertThat(manifest.get("files")).hasSize(5);
        for (JsonNode file : manifest.get("files")) {
            Artifact artifact = job.artifacts().stream()
                    .filter(a -> a.file().equals(file.get("file").asString()))
                    .findFirst()
                    .orElseThrow();
            assertThat(file.get("size_bytes").asLong()).isEqualTo(artifact.sizeBytes());
            assertThat(file.get("sha256").asString()).isEqualTo(artifact.sha256());
        }
    }

    private static void assertSpecJson(ObjectStore bucket, String jobId) {
        JsonNode spec = ModelSpecJson.mapper()
                .readTree(bucket.find(StorageLayout.jobPrefix(jobId) + "artifacts/spec.json")
                        .orElseThrow());
        assertThat(spec.get("model").get("layers")).hasSize(6);
        assertThat(spec.get("model").get("layers").get(1).get("in_features").asInt())
                .isEqualTo(784);
        assertThat(spec.get("labels").get(9).asString()).isEqualTo("Ankle boot");
        assertThat(spec.get("normalization").get("mean")).hasSize(1);
        assertThat(spec.get("normalization").get("mean").get(0).asDouble()).isBetween(0.2, 0.4);
        assertThat(spec.get("normalization").get("std").get(0).asDouble()).isBetween(0.25, 0.45);
        assertThat(spec.get("input_shape").toString()).isEqualTo("[1,28,28]");
        assertThat(spec.get("dataset").asString()).isEqualTo(TestDatasets.FASHION_MNIST);
    }

    private static void assertOnnxPredictsTheFirstTestImage(ObjectStore bucket, String jobId) throws Exception {
        byte[] onnx = bucket.find(StorageLayout.jobPrefix(jobId) + "artifacts/model.onnx")
                .orElseThrow();
        Samples test = FashionMnist.test(1);
        float[] pixels = new float[784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (test.pixels()[i] & 0xff) / 255f;
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {1, 1, 28, 28});
                OrtSession.Result result = session.run(Map.of("input", input))) {
            float[] probabilities =
                    ((float[][]) result.get("probabilities").orElseThrow().getValue())[0];
            int predicted = 0;
            for (int c = 1; c < probabilities.length; c++) {
                if (probabilities[c] > probabilities[predicted]) {
                    predicted = c;
                }
            }
            System.out.printf(
                    "first test image: Predicted %s, Actual %s%n",
                    FashionMnist.CLASSES.get(predicted), FashionMnist.CLASSES.get(test.labels()[0]));
            assertThat(predicted).isEqualTo(test.labels()[0]);
        }
    }

    private static void assertRedeliveryAnnouncesTheSameSuccessWithoutTraining(
            TrainingJobRequested job, TrainingJobSucceeded first) {
        JobQueue.submit(job);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (JobEvents.of(job.jobId(), TrainingJobSucceeded.class).size() < 2 && System.nanoTime() < deadline) {
            JobEvents.sleep(50);
        }
        assertThat(JobEvents.of(job.jobId(), TrainingJobSucceeded.class)).containsExactly(first, first);
        assertThat(JobEvents.of(job.jobId(), TrainingJobStarted.class)).hasSize(1);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
