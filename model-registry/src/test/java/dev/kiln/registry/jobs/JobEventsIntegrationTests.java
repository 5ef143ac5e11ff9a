package dev.kiln.registry.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.Hyperparameters;
import dev.kiln.contracts.events.Resources;
import dev.kiln.contracts.events.TrainingJobCancelled;
import dev.kiln.contracts.events.TrainingJobFailed;
import dev.kiln.contracts.events.TrainingJobRequested;
import dev.kiln.contracts.events.TrainingJobStarted;
import dev.kiln.infra.testing.KilnInfrastructure;
import dev.kiln.registry.KafkaFixture;
import dev.kiln.registry.RegistryIntegrationTestBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class JobEventsIntegrationTests extends RegistryIntegrationTestBase {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void retryableFailureRequeuesTheJobUntilALaterAttemptRunsIt() throws Exception {
        String jobId = "job-" + UUID.randomUUID();
        KafkaFixture.publish(
                Topics.TRAINING_JOB_EVENTS,
                TrainingJobStarted.of(jobId, "worker-1", "cuda:0", 1, 0),
                TrainingJobFailed.of(jobId, "worker lost", "UNAVAILABLE", 1, true));
        await().atMost(TIMEOUT).until(() -> "UNAVAILABLE".equals(column(jobId, "error_code")));
        assertThat(column(jobId, "status")).isEqualTo("QUEUED");
        assertThat(column(jobId, "error")).isEqualTo("worker lost");

        KafkaFixture.publish(
                Topics.TRAINING_JOB_EVENTS,
                TrainingJobStarted.of(jobId, "worker-2", "cpu", 2, 1),
                TrainingJobFailed.of(jobId, "out of memory", "RESOURCE_EXHAUSTED", 2, false),
                TrainingJobStarted.of(jobId, "worker-3", "cpu", 3, 0));
        KafkaFixture.awaitConsumed(TIMEOUT, Topics.TRAINING_JOB_EVENTS);

        assertThat(get("/api/v1/jobs/" + jobId).body())
                .contains("\"status\":\"FAILED\"")
                .contains("\"worker\":\"worker-2\"")
                .contains("\"attempt\":2")
                .contains("\"error\":\"out of memory\"")
                .contains("\"error_code\":\"RESOURCE_EXHAUSTED\"");
    }

    @Test
    void jobsAreListedNewestFirstByStatusInPages() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String jobId = "job-" + UUID.randomUUID();
            ids.add(0, jobId);
            KafkaFixture.publish(
                    Topics.TRAINING_JOBS_CPU,
                    TrainingJobRequested.of(
                            jobId,
                            "paged-" + i,
                            "fashion-mnist",
                            null,
                            Hyperparameters.defaults(),
                            Resources.defaults(),
                            null));
            KafkaFixture.publish(Topics.TRAINING_JOB_EVENTS, TrainingJobCancelled.of(jobId, "no longer needed"));
            Thread.sleep(5);
        }
        KafkaFixture.awaitConsumed(TIMEOUT, Topics.TRAINING_JOB_EVENTS, Topics.TRAINING_JOBS_CPU);

        List<String> listed = new ArrayList<>();
        String token = null;
        do {
            String body = get("/api/v1/jobs?status=cancelled&limit=2" + (token == null ? "" : "&page_token=" + token))
                    .body();
            for (String part : body.split("\"id\":\"")) {
                if (part.startsWith("job-")) {
                    listed.add(part.substring(0, part.indexOf('"')));
                }
            }
            assertThat(body).doesNotContain("\"status\":\"SUCCEEDED\"");
            token = body.contains("\"next_page_token\":null")
                    ? null
                    : body.replaceAll(".*\"next_page_token\":\"([^\"]+)\".*", "$1");
        } while (token != null);
        assertThat(listed).doesNotHaveDuplicates().containsSubsequence(ids);

        assertThat(get("/api/v1/jobs?status=DONE").body())
                .contains("\"field\":\"status\"")
                .contains("status must be one of [QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED]");
        assertThat(get("/api/v1/jobs?limit=0").body()).contains("\"field\":\"limit\"");
        assertThat(get("/api/v1/jobs/job-unknown").statusCode()).isEqualTo(404);
    }

    @Test
    void recordThatIsNotAnEventGoesToTheDeadLetterTopicAndConsumptionGoesOn() throws Exception {
        String key = "garbage-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KilnInfrastructure.endpoints().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(
                            Topics.TRAINING_JOB_EVENTS, key, "{not json".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }
        String jobId = "job-" + UUID.randomUUID();
        KafkaFixture.publish(Topics.TRAINING_JOB_EVENTS, TrainingJobStarted.of(jobId, "worker-1", "cpu", 1, 0));
        await().atMost(TIMEOUT).until(() -> "RUNNING".equals(column(jobId, "status")));

        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KilnInfrastructure.endpoints().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "dlt-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(Topics.deadLetter(Topics.TRAINING_JOB_EVENTS)));
            List<String> keys = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!keys.contains(key) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            }
            assertThat(keys).contains(key);
        }
    }

    private Object column(String jobId, String column) {
        List<Map<String, Object>> rows = jdbc.sql("select " + column + " from training_jobs where job_id = :id")
                .param("id", jobId)
                .query()
                .listOfRows();
        return rows.isEmpty() ? null : rows.get(0).get(column);
    }
}
