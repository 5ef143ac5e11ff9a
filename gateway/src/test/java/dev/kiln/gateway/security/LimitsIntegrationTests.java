package dev.kiln.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.gateway.support.GatewayIntegrationTestSupport;
import dev.kiln.gateway.support.TestApiKeys;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-key rate limits, per-route body limits, no CORS unless configured. */
class LimitsIntegrationTests extends GatewayIntegrationTestSupport {

    @Test
    void aKeyOverItsRateLimitGets429WithRetryAfterWhileOtherKeysGoOn() {
        String token = "Bearer " + newKey("greedy", "read");
        List<HttpResponse<String>> limited = new ArrayList<>();
        for (int i = 0; i < 260 && limited.isEmpty(); i++) {
            HttpResponse<String> response = get("/api/v1/workers", token);
            if (response.statusCode() == 429) {
                limited.add(response);
            }
        }
        assertThat(limited).as("a 429 within 260 quick requests (burst 200)").isNotEmpty();
        HttpResponse<String> tooMany = limited.get(0);
        assertThat(tooMany.headers().firstValue("Retry-After"))
                .hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isPositive());
        assertThat(json(tooMany.body()).get("error_code").asString()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(get("/api/v1/workers", TestApiKeys.ADMIN_BEARER).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aBodyOverTheRoutesLimitIsRefusedWith413BeforeItReachesTheService() {
        String twoMegabytes = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        HttpResponse<String> job = call("POST", "/api/v1/jobs", TestApiKeys.ADMIN_BEARER, twoMegabytes);
        assertThat(job.statusCode()).isEqualTo(413);
        assertThat(json(job.body()).get("detail").asString()).contains("takes at most 1048576 bytes");

        long before = registry.count("PUT /api/v1/models/m/aliases/big");
        HttpResponse<String> alias =
                call("PUT", "/api/v1/models/m/aliases/big", TestApiKeys.ADMIN_BEARER, twoMegabytes);
        assertThat(alias.statusCode()).isEqualTo(413);
        assertThat(registry.count("PUT /api/v1/models/m/aliases/big")).isEqualTo(before);

        // inference takes up to 64 MB
        HttpResponse<String> infer = call("POST", "/v2/models/m/infer", TestApiKeys.ADMIN_BEARER, twoMegabytes);
        assertThat(infer.statusCode()).isEqualTo(200);
    }

    @Test
    void corsIsOffUnlessConfigured() throws Exception {
        HttpResponse<String> preflight = http.send(
                HttpRequest.newBuilder(uri("/api/v1/jobs"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "https://evil.example")
                        .header("Access-Control-Request-Method", "POST")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
        HttpResponse<String> simple = http.send(
                HttpRequest.newBuilder(uri("/api/v1/workers"))
                        .header("Origin", "https://evil.example")
                        .header("Authorization", TestApiKeys.ADMIN_BEARER)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(simple.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void refusalsCarryTheSecurityHeadersToo() {
        HttpResponse<String> refused = get("/api/v1/jobs", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(refused.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }
}
