package dev.kiln.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.gateway.support.GatewayIntegrationTestSupport;
import dev.kiln.gateway.support.TestApiKeys;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway in front of real HTTP servers standing in for the registry and three inference replicas, one of which
 * refuses connections.
 */
class GatewayRoutingIntegrationTests extends GatewayIntegrationTestSupport {

    @Test
    void routesRegistryPathsToTheRegistry() {
        for (String path :
                List.of("/api/v1/datasets/mnist", "/api/v1/models/m/versions", "/api/v1/models/m/aliases/production")) {
            HttpResponse<String> response = get(path, TestApiKeys.ADMIN_BEARER);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("registry " + path);
        }
        assertThat(get("/api/v1/jobs?status=SUCCEEDED", TestApiKeys.ADMIN_BEARER)
                        .body())
                .isEqualTo(JOB_LIST);
        assertThat(registry.seen)
                .contains(
                        "GET /api/v1/jobs",
                        "GET /api/v1/models/m/aliases/production",
                        "GET /api/v1/datasets/mnist",
                        "GET /api/v1/models/m/versions");
    }

    @Test
    void spreadsInferenceOverTheReplicasAndRetriesPastTheOneThatRefusesConnections() {
        long before = inferenceA.seen.size() + inferenceB.seen.size();
        for (int i = 0; i < 9; i++) {
            HttpResponse<String> infer =
                    call("POST", "/v2/models/m/infer", TestApiKeys.ADMIN_BEARER, "{\"inputs\":[]}");
            assertThat(infer.statusCode()).as(infer.body()).isEqualTo(200);
            assertThat(infer.body()).endsWith(" /v2/models/m/infer");
        }
        assertThat(get("/api/v1/predict/m", TestApiKeys.ADMIN_BEARER).body()).endsWith(" /api/v1/predict/m");
        assertThat(inferenceA.count("POST /v2/models/m/infer")).isGreaterThanOrEqualTo(3);
        assertThat(inferenceB.count("POST /v2/models/m/infer")).isGreaterThanOrEqualTo(3);
        assertThat(inferenceA.seen.size() + inferenceB.seen.size() - before).isEqualTo(10);
        assertThat(registry.seen).noneMatch(p -> p.contains("/v2") || p.contains("/api/v1/predict"));
        assertThat(get("/actuator/prometheus", null).body())
                .as("the replica that refused is left out of the round robin for a while")
                .contains("kiln_gateway_inference_replicas_ejected 1.0");
    }

    @Test
    void doesNotPassTheKeyOnToTheServicesBehind() {
        get("/api/v1/models/secretless", TestApiKeys.ADMIN_BEARER);
        assertThat(registry.headersOf("GET /api/v1/models/secretless"))
                .doesNotContainKey("Authorization")
                .doesNotContainKey("authorization");
    }

    @Test
    void servesTheDashboardAtTheRootWithSecurityHeaders() {
        HttpResponse<String> response = get("/", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<title>Kiln</title>");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
    }

    @Test
    void healthAndPrometheusAreExposedWithoutAKey() {
        assertThat(get("/actuator/health", null).body()).contains("\"status\":\"UP\"");
        assertThat(get("/actuator/health/readiness", null).body()).contains("\"status\":\"UP\"");
        assertThat(get("/actuator/prometheus", null).body()).contains("jvm_memory_used_bytes");
    }
}
