package dev.kiln.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.gateway.support.GatewayIntegrationTestSupport;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** One OpenAPI description of the whole public API, and Swagger UI over it, without a key. */
class OpenApiIntegrationTests extends GatewayIntegrationTestSupport {

    @Test
    void describesTheGatewaysOwnEndpointsAndTheProxiedApis() {
        HttpResponse<String> docs = get("/v3/api-docs", null);
        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode api = json(docs.body());
        assertThat(api.get("openapi").asString()).startsWith("3.1");
        JsonNode paths = api.get("paths");
        for (String path : new String[] {
            "/api/v1/jobs",
            "/api/v1/jobs/{id}/cancel",
            "/api/v1/jobs/{id}/events",
            "/api/v1/events",
            "/api/v1/workers",
            "/api/v1/api-keys",
            "/api/v1/datasets",
            "/api/v1/models/{name}/aliases/{alias}",
            "/v2/models/{model}/infer",
            "/api/v1/predict/{model}"
        }) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
        assertThat(paths.get("/api/v1/jobs").has("post")).isTrue();
        assertThat(api.at("/components/securitySchemes/apiKey/scheme").asString())
                .isEqualTo("bearer");
    }

    @Test
    void servesSwaggerUi() throws Exception {
        HttpResponse<String> ui = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build()
                .send(HttpRequest.newBuilder(uri("/swagger-ui.html")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
    }
}
