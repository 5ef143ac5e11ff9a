package dev.kiln.training;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrainingApplicationIntegrationTests {
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        KilnInfrastructure.endpoints().springProperties("training").forEach((k, v) -> registry.add(k, () -> v));
    }

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

    private String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
