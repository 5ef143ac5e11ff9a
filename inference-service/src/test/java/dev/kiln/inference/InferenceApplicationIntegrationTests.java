package dev.kiln.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.infra.testing.KilnInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InferenceApplicationIntegrationTests {
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        KilnInfrastructure.endpoints().springProperties("inference").forEach((k, v) -> registry.add(k, () -> v));
    }

    @Test
    void onnxRuntimeIsLoadedAndReportedInHealth() throws Exception {
        HttpResponse<String> response = get("/actuator/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"onnxRuntime\":{")
                .containsPattern("\"version\":\"1\\.\\d+\\.\\d+\"")
                .contains("CPU");
    }

    @Test
    void prometheusMetricsAreExposed() throws Exception {
        assertThat(get("/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
