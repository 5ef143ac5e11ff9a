package dev.kiln.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.gateway.support.TestApiKeys;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** A job cannot be queued while Kafka is unreachable: the gateway says so (503) instead of pretending (202). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KafkaDownIntegrationTests {
    static final StandInRegistry registry = new StandInRegistry();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry props) throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        int port = closed;
        props.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + port);
        props.add("kiln.gateway.registry-url", registry::url);
        props.add("kiln.gateway.jobs.kafka-timeout", () -> "2s");
        props.add("kiln.gateway.grpc-port", () -> "0");
        TestApiKeys.register(props);
    }

    @AfterAll
    static void stopRegistry() {
        registry.stop();
    }

    @Test
    void answers503WhenKafkaDoesNotTakeTheJob() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                                .header("Content-Type", "application/json")
                                .header("Authorization", TestApiKeys.ADMIN_BEARER)
                                .POST(HttpRequest.BodyPublishers.ofString(JobSubmissionIntegrationTests.MLP_JOB))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        JsonNode problem = JobSubmissionIntegrationTests.problem(response, 503);
        assertThat(problem.get("error_code").asString()).isEqualTo("UNAVAILABLE");
        assertThat(problem.get("detail").asString()).contains("Kafka did not take the job request");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
}
