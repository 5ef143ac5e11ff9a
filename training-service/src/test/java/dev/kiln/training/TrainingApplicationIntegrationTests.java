package dev.kiln.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.WorkerHeartbeat;
import dev.kiln.infra.testing.KilnInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

class TrainingApplicationIntegrationTests extends WorkerIntegrationTest {
    @LocalServerPort
    int port;

    @Test
    void workerJoinsTheConsumerGroupOfTheCpuQueueAndSaysSoInItsHealth() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String health = "";
        while (System.nanoTime() < deadline && !health.contains("training-jobs-cpu-")) {
            health = get("/actuator/health");
            Thread.sleep(250);
        }
        assertThat(health).contains("\"jobQueue\":{").contains("training-jobs-cpu-");

        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KilnInfrastructure.endpoints().kafkaBootstrapServers()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("training-service"))
                    .describedGroups()
                    .get("training-service")
                    .get();
            assertThat(group.members()).hasSize(1);
            assertThat(group.members().iterator().next().assignment().topicPartitions())
                    .extracting(tp -> tp.topic())
                    .containsOnly("training-jobs-cpu")
                    .hasSize(4);
        }
    }

    @Test
    void publishesHeartbeatsWithItsDevicesCoresMemoryAndQueue() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<WorkerHeartbeat> beats = List.of();
        while (System.nanoTime() < deadline && beats.size() < 2) {
            beats = JobQueue.values(Topics.WORKER_HEARTBEATS, WORKER_ID).stream()
                    .map(bytes -> EventCodec.fromBytes(bytes, WorkerHeartbeat.class))
                    .toList();
        }
        assertThat(beats).hasSizeGreaterThanOrEqualTo(2);
        WorkerHeartbeat beat = beats.get(beats.size() - 1);
        assertThat(beat.devices()).containsExactly("cpu");
        assertThat(beat.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(beat.memoryBytes()).isPositive();
        assertThat(beat.queue()).isEqualTo("training-jobs-cpu");
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
