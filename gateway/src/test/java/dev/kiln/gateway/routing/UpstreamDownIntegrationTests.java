package dev.kiln.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.gateway.support.StandInUpstream;
import dev.kiln.gateway.support.TestApiKeys;
import dev.kiln.gateway.support.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service behind the gateway that hangs, then one that is stopped (real HTTP servers standing in for the registry
 * and the inference service, with 1.5 s response timeouts): their routes answer 503 within the timeout with a
 * problem naming the service; the other routes keep working.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpstreamDownIntegrationTests {
    static final StandInUpstream registry = new StandInUpstream("registry");
    static final StandInUpstream inference = new StandInUpstream("inference");
    static final Duration TIMEOUT = Duration.ofMillis(1500);

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry props) {
        props.add("spring.kafka.bootstrap-servers", TestKafka::bootstrap);
        props.add("kiln.gateway.registry-url", registry::url);
        props.add("kiln.gateway.inference-url", inference::url);
        props.add("kiln.gateway.registry-response-timeout", () -> TIMEOUT.toMillis());
        props.add("kiln.gateway.inference-response-timeout", () -> TIMEOUT.toMillis());
        props.add("kiln.gateway.registry-timeout", () -> "1500ms");
        props.add("kiln.gateway.grpc-port", () -> "0");
        TestApiKeys.register(props);
    }

    @Test
    @Order(1)
    void aHangingServiceAnswers503WithinItsTimeoutWhileTheOthersWork() throws Exception {
        inference.hang(true);
        try {
            long started = System.nanoTime();
            HttpResponse<String> infer = send("POST", "/v2/models/m/infer", "{\"inputs\":[]}");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(infer.statusCode()).as(infer.body()).isEqualTo(503);
            JsonNode problem = JsonMapper.builder().build().readTree(infer.body());
            assertThat(problem.get("error_code").asString()).isEqualTo("UNAVAILABLE");
            assertThat(problem.get("detail").asString())
                    .contains("inference-service")
                    .contains("did not answer in time");
            assertThat(problem.get("error").asString())
                    .isEqualTo(problem.get("detail").asString());
            assertThat(took).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(TIMEOUT.plusSeconds(2));

            assertThat(send("GET", "/api/v1/models", null).body()).isEqualTo("registry /api/v1/models");
        } finally {
            inference.hang(false);
        }
    }

    @Test
    @Order(2)
    void aStoppedServiceAnswers503AtOnceWhileTheOthersWork() throws Exception {
        registry.stop();
        for (String path : new String[] {"/api/v1/models", "/api/v1/datasets", "/api/v1/jobs/j1"}) {
            long started = System.nanoTime();
            HttpResponse<String> response = send("GET", path, null);
            assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body())
                    .contains("\"error_code\":\"UNAVAILABLE\"")
                    .contains("model-registry");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
        }
        HttpResponse<String> events = send("GET", "/api/v1/jobs/j1/events", null);
        assertThat(events.statusCode()).isEqualTo(503);
        assertThat(events.body()).contains("model-registry");

        assertThat(send("GET", "/v2/models/m", null).body()).isEqualTo("inference /v2/models/m");
        assertThat(send("GET", "/api/v1/workers", null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", TestApiKeys.ADMIN_BEARER)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
