package dev.kiln.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.gateway.support.GatewayIntegrationTestSupport;
import dev.kiln.gateway.support.TestApiKeys;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/jobs/{id}} right after a submission: the registry (a real HTTP server standing in for it) has not
 * projected the job yet and answers 404 for a moment, as the real one does while it reads Kafka; the caller must get
 * the job, not a 404 for a job the gateway just accepted.
 */
class JobLookupIntegrationTests extends GatewayIntegrationTestSupport {

    @Test
    void aJobTheRegistryLearnsOfAMomentLaterIsAnsweredInsteadOf404() throws Exception {
        String jobId = "new-" + UUID.randomUUID();
        String path = "/api/v1/jobs/" + jobId;
        registry.answer(path, 404, "{\"status\":404,\"error_code\":\"NOT_FOUND\"}");
        Thread projects = new Thread(() -> {
            try {
                Thread.sleep(600);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            registry.answer(path, () -> "{\"id\":\"" + jobId + "\",\"status\":\"QUEUED\"}");
        });
        projects.start();

        HttpResponse<String> response = get(path, TestApiKeys.ADMIN_BEARER);
        projects.join();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).get("id").asString()).isEqualTo(jobId);
        assertThat(json(response.body()).get("status").asString()).isEqualTo("QUEUED");
        assertThat(registry.count("GET " + path))
                .as("asked again after the 404s")
                .isGreaterThan(1);
    }

    @Test
    void aJobTheRegistryNeverLearnsOfIsStill404WithTheUsualProblem() {
        registry.answer("/api/v1/jobs/never-submitted", 404, "{\"status\":404,\"error_code\":\"NOT_FOUND\"}");
        HttpResponse<String> response = get("/api/v1/jobs/never-submitted", TestApiKeys.ADMIN_BEARER);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response.body()).get("error_code").asString()).isEqualTo("NOT_FOUND");
        assertThat(json(response.body()).get("detail").asString()).contains("never-submitted");
    }
}
