package dev.kiln.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.KilnEvent;
import dev.kiln.contracts.events.TrainingJobCancelRequested;
import dev.kiln.contracts.events.TrainingJobRequested;
import dev.kiln.contracts.spec.ModelSpecJson;
import dev.kiln.gateway.support.GatewayIntegrationTestSupport;
import dev.kiln.gateway.support.TestApiKeys;
import dev.kiln.infra.testing.KilnInfrastructure;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Job submission and cancellation through the gateway, on real Kafka, with the stand-in registry of
 * {@link GatewayIntegrationTestSupport} (which knows fashion-mnist, j-running and j-finished).
 */
class JobSubmissionIntegrationTests extends GatewayIntegrationTestSupport {
    static final String MLP_JOB =
            """
            {"name": "fmnist-mlp", "dataset": "fashion-mnist", "model": {"template": "mlp"},
             "hyperparameters": {"epochs": 2, "batch_size": 64, "optimizer": "adam", "learning_rate": 0.001},
             "register_as": "fashion-mnist-classifier"}""";

    static {
        registry.answer("/api/v1/datasets/broken", 500, "{\"error_code\":\"INTERNAL\"}");
        registry.answer("/api/v1/datasets/no-such-data", 404, "{\"status\":404,\"error_code\":\"NOT_FOUND\"}");
        registry.answer("/api/v1/jobs/unknown-job", 404, "{\"status\":404,\"error_code\":\"NOT_FOUND\"}");
    }

    @Test
    void queuesAValidJobOnKafkaAndAnswers202WithItsLocation() {
        HttpResponse<String> response = post("/api/v1/jobs", MLP_JOB);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode job = json(response.body());
        String id = job.get("id").asString();
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + id);
        assertThat(job.get("status").asString()).isEqualTo("QUEUED");
        assertThat(job.get("queue").asString()).isEqualTo(Topics.TRAINING_JOBS_CPU);
        assertThat(job.get("model").get("layers")).hasSize(6);

        TrainingJobRequested queued = (TrainingJobRequested) record(Topics.TRAINING_JOBS_CPU, id);
        assertThat(queued.name()).isEqualTo("fmnist-mlp");
        assertThat(queued.dataset()).isEqualTo("fashion-mnist");
        assertThat(queued.model().input().shape()).containsExactly(1, 28, 28);
        assertThat(queued.model().layers()).hasSize(6);
        assertThat(queued.hyperparameters().epochs()).isEqualTo(2);
        assertThat(queued.hyperparameters().seed()).isEqualTo(42);
        assertThat(queued.registerAs()).isEqualTo("fashion-mnist-classifier");
        assertThat(registry.seen).doesNotContain("POST /api/v1/jobs").contains("GET /api/v1/datasets/fashion-mnist");
    }

    @Test
    void queuesGpuJobsOnTheGpuQueue() {
        HttpResponse<String> response = post(
                "/api/v1/jobs",
                "{\"dataset\": \"fashion-mnist\", \"model\": {\"template\": \"cnn\"}, \"resources\": {\"device\": \"gpu\"}}");

        assertThat(response.statusCode()).isEqualTo(202);
        String id = json(response.body()).get("id").asString();
        assertThat(record(Topics.TRAINING_JOBS_GPU, id)).isInstanceOf(TrainingJobRequested.class);
    }

    @Test
    void rejectsSpecWhoseLinearLayerDoesNotFit() {
        HttpResponse<String> response = post(
                "/api/v1/jobs",
                """
                {"dataset": "fashion-mnist", "model": {"layers": [{"type": "Flatten"},
                 {"type": "Linear", "in_features": 100, "out_features": 10}]}}""");

        JsonNode problem = problem(response, 400);
        assertThat(problem.get("error_code").asString()).isEqualTo("INVALID_ARGUMENT");
        assertThat(problem.get("field").asString()).isEqualTo("model.layers[1].in_features");
        assertThat(problem.get("detail").asString()).contains("layer 1 (Linear) expects 100 input features, got 784");
    }

    @Test
    void rejectsAnUnknownLayerType() {
        HttpResponse<String> response = post(
                "/api/v1/jobs", "{\"dataset\": \"fashion-mnist\", \"model\": {\"layers\": [{\"type\": \"Dense\"}]}}");

        JsonNode problem = problem(response, 400);
        assertThat(problem.get("field").asString()).startsWith("model.layers[0]");
        assertThat(problem.get("detail").asString()).contains("Dense").contains("Linear");
    }

    @Test
    void refusesABodyThatIsNotDeclaredAsJsonWith415() throws Exception {
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/xml")) {
            HttpResponse<String> response = http.send(
                    java.net.http.HttpRequest.newBuilder(uri("/api/v1/jobs"))
                            .header("Authorization", TestApiKeys.ADMIN_BEARER)
                            .header("Content-Type", type)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                    "{\"dataset\": \"fashion-mnist\", \"model\": {\"template\": \"mlp\"}}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            JsonNode problem = problem(response, 415);
            assertThat(problem.get("detail").asString())
                    .isEqualTo("Content-Type " + type + " is not accepted; send the job as JSON with Content-Type:"
                            + " application/json");
        }
        HttpResponse<String> charset = http.send(
                java.net.http.HttpRequest.newBuilder(uri("/api/v1/jobs"))
                        .header("Authorization", TestApiKeys.ADMIN_BEARER)
                        .header("Content-Type", "application/json; charset=utf-8")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"dataset\": \"no-such-data\", \"model\": {\"template\": \"mlp\"}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        // past the content type, on to the checks of the job itself
        assertThat(problem(charset, 400).get("detail").asString()).contains("'no-such-data' is not known");
    }

    @Test
    void rejectsADataSetTheRegistryDoesNotKnow() {
        HttpResponse<String> response =
                post("/api/v1/jobs", "{\"dataset\": \"no-such-data\", \"model\": {\"template\": \"mlp\"}}");

        JsonNode problem = problem(response, 400);
        assertThat(problem.get("field").asString()).isEqualTo("dataset");
        assertThat(problem.get("detail").asString()).contains("'no-such-data' is not known to the registry");
    }

    @Test
    void rejectsHyperparametersOutOfRangeOrUnknown() {
        JsonNode epochs = problem(
                post(
                        "/api/v1/jobs",
                        "{\"dataset\": \"fashion-mnist\", \"model\": {\"template\": \"mlp\"},"
                                + " \"hyperparameters\": {\"epochs\": 0}}"),
                400);
        assertThat(epochs.get("field").asString()).isEqualTo("hyperparameters.epochs");
        assertThat(epochs.get("detail").asString()).contains("must be between 1 and 1000, got 0");

        JsonNode optimizer = problem(
                post(
                        "/api/v1/jobs",
                        "{\"dataset\": \"fashion-mnist\", \"model\": {\"template\": \"mlp\"},"
                                + " \"hyperparameters\": {\"optimizer\": \"rmsprop\"}}"),
                400);
        assertThat(optimizer.get("field").asString()).isEqualTo("hyperparameters.optimizer");
        assertThat(optimizer.get("detail").asString()).contains("sgd, adam, adamw");
    }

    @Test
    void answers503WhenTheRegistryFails() {
        JsonNode problem =
                problem(post("/api/v1/jobs", "{\"dataset\": \"broken\", \"model\": {\"template\": \"mlp\"}}"), 503);
        assertThat(problem.get("error_code").asString()).isEqualTo("UNAVAILABLE");
        assertThat(problem.get("detail").asString()).contains("model registry");
    }

    @Test
    void queuesJobsOnADataSetItDescribedBeforeWhileTheRegistryIsDown() {
        String job = "{\"dataset\": \"flaky-data\", \"model\": {\"template\": \"mlp\"}}";
        registry.answer(
                "/api/v1/datasets/flaky-data", 200, FASHION_MNIST.replace("\"fashion-mnist\"", "\"flaky-data\""));
        assertThat(post("/api/v1/jobs", job).statusCode()).isEqualTo(202);

        registry.answer("/api/v1/datasets/flaky-data", 503, "{\"error_code\":\"UNAVAILABLE\"}");
        HttpResponse<String> during = post("/api/v1/jobs", job);

        assertThat(during.statusCode()).as(during.body()).isEqualTo(202);
        TrainingJobRequested queued = (TrainingJobRequested)
                record(Topics.TRAINING_JOBS_CPU, json(during.body()).get("id").asString());
        assertThat(queued.dataset()).isEqualTo("flaky-data");
        assertThat(queued.model().input().shape()).containsExactly(1, 28, 28);
        // a data set never described is still refused while the registry is down
        registry.answer("/api/v1/datasets/never-seen", 503, "{\"error_code\":\"UNAVAILABLE\"}");
        problem(post("/api/v1/jobs", job.replace("flaky-data", "never-seen")), 503);
    }

    @Test
    void cancelPublishesACancelRequestForARunningJob() {
        HttpResponse<String> response = post("/api/v1/jobs/j-running/cancel", "{\"reason\": \"wrong data\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        TrainingJobCancelRequested cancel =
                (TrainingJobCancelRequested) record(Topics.TRAINING_JOB_CONTROL, "j-running");
        assertThat(cancel.reason()).isEqualTo("wrong data");
    }

    @Test
    void cancellingAFinishedJobAnswers409AndAnUnknownOne404() {
        JsonNode finished = problem(post("/api/v1/jobs/j-finished/cancel", ""), 409);
        assertThat(finished.get("detail").asString()).contains("already SUCCEEDED");
        problem(post("/api/v1/jobs/unknown-job/cancel", ""), 404);
    }

    @Test
    void otherJobRequestsStillGoToTheRegistry() {
        HttpResponse<String> list = get("/api/v1/jobs", TestApiKeys.ADMIN_BEARER);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list.body()).get("jobs")).hasSize(1);
        assertThat(registry.seen).contains("GET /api/v1/jobs").doesNotContain("POST /api/v1/jobs");
    }

    private HttpResponse<String> post(String path, String body) {
        return call("POST", path, TestApiKeys.ADMIN_BEARER, body);
    }

    static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = ModelSpecJson.mapper().readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.has("type") && problem.has("title") && problem.has("detail"))
                .isTrue();
        return problem;
    }

    /** The event with the given key on a topic (it must be there already: the 202 came after Kafka had it). */
    static KilnEvent record(String topic, String key) {
        return EventCodec.fromBytes(consumerRecord(topic, key).value());
    }

    /** The record with the given key on a topic (it must be there already). */
    static ConsumerRecord<String, byte[]> consumerRecord(String topic, String key) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KilnInfrastructure.endpoints().kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no record with key " + key + " on " + topic);
    }
}
