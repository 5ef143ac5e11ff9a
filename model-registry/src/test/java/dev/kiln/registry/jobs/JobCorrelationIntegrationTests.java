package dev.kiln.registry.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.Artifact;
import dev.kiln.contracts.events.ModelAliasChanged;
import dev.kiln.contracts.events.ModelVersionRegistered;
import dev.kiln.contracts.events.TrainingJobSucceeded;
import dev.kiln.contracts.messaging.CorrelationId;
import dev.kiln.registry.JobArtifactsFixture;
import dev.kiln.registry.KafkaFixture;
import dev.kiln.registry.RegistryIntegrationTestBase;
import dev.kiln.registry.storage.ObjectStore;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The model events a job or a request causes carry its correlation id, on real Kafka and PostgreSQL. */
class JobCorrelationIntegrationTests extends RegistryIntegrationTestBase {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Autowired
    ObjectStore store;

    @Test
    void theVersionRegisteredForASucceededJobCarriesTheJobsCorrelationId() throws Exception {
        String jobId = "job-" + UUID.randomUUID();
        String model = "correlated-" + UUID.randomUUID().toString().substring(0, 8);
        List<Artifact> artifacts = JobArtifactsFixture.write(store, jobId);

        KafkaFixture.publish(
                Topics.TRAINING_JOB_EVENTS,
                new CorrelationId("abc-123"),
                TrainingJobSucceeded.of(jobId, "worker-1", "cpu", 0.88, 0.35, artifacts, model));

        List<ConsumerRecord<String, byte[]>> registered = KafkaFixture.awaitRecords(
                Topics.MODEL_EVENTS, model, 1, e -> e instanceof ModelVersionRegistered, TIMEOUT);
        assertThat(registered).singleElement().satisfies(r -> assertThat(correlationId(r))
                .isEqualTo("abc-123"));

        HttpResponse<String> alias = HTTP.send(
                HttpRequest.newBuilder(uri("/api/v1/models/" + model + "/aliases/production"))
                        .header("Content-Type", "application/json")
                        .header(CorrelationId.HTTP_HEADER, "promote-456")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"version\": 1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(alias.statusCode()).as(alias.body()).isEqualTo(200);
        assertThat(alias.headers().firstValue(CorrelationId.HTTP_HEADER)).hasValue("promote-456");
        assertThat(KafkaFixture.awaitRecords(
                        Topics.MODEL_EVENTS, model, 1, e -> e instanceof ModelAliasChanged, TIMEOUT))
                .singleElement()
                .satisfies(r -> assertThat(correlationId(r)).isEqualTo("promote-456"));
    }

    private static String correlationId(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(CorrelationId.KAFKA_HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
