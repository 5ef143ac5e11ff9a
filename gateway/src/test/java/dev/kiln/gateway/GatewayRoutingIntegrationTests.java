package dev.kiln.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.kiln.infra.testing.KilnInfrastructure;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The gateway in front of two real HTTP servers standing in the registry's and the inference service's places. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayRoutingIntegrationTests {
    static final List<String> registrySeen = new CopyOnWriteArrayList<>();
    static final List<String> inferenceSeen = new CopyOnWriteArrayList<>();
    static final HttpServer registry = upstream("registry", registrySeen);
    static final HttpServer inference = upstream("inference", inferenceSeen);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry props) {
        props.add("spring.kafka.bootstrap-servers", () -> KilnInfrastructure.endpoints()
                .kafkaBootstrapServers());
        props.add(
                "kiln.gateway.registry-url",
                () -> "http://127.0.0.1:" + registry.getAddress().getPort());
        props.add(
                "kiln.gateway.inference-url",
                () -> "http://127.0.0.1:" + inference.getAddress().getPort());
    }

    @AfterAll
    static void stopUpstreams() {
        registry.stop(0);
        inference.stop(0);
    }

    @Test
    void routesRegistryPathsToTheRegistry() throws Exception {
        for (String path : List.of("/api/v1/jobs", "/api/v1/datasets/fashion-mnist", "/api/v1/models/m/versions")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("registry " + path);
        }
        assertThat(registrySeen)
                .contains("/api/v1/jobs", "/api/v1/datasets/fashion-mnist", "/api/v1/models/m/versions");
    }

    @Test
    void routesInferencePathsToTheInferenceService() throws Exception {
        for (String path : List.of("/v2/health/ready", "/v2/models/m/infer", "/api/v1/predict/m")) {
            assertThat(get(path).body()).isEqualTo("inference " + path);
        }
        assertThat(registrySeen).noneMatch(p -> p.startsWith("/v2") || p.startsWith("/api/v1/predict"));
    }

    @Test
    void servesTheDashboardAtTheRoot() throws Exception {
        HttpResponse<String> response = get("/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<title>Kiln</title>");
    }

    @Test
    void healthAndPrometheusAreExposed() throws Exception {
        assertThat(get("/actuator/health").body()).contains("\"status\":\"UP\"");
        assertThat(get("/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static HttpServer upstream(String name, List<String> seen) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                seen.add(path);
                byte[] body = (name + " " + path).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
