package dev.kiln.gateway.events;

import dev.kiln.gateway.config.GatewayProperties;
import dev.kiln.gateway.problem.GatewayProblem;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's own questions to the model registry about jobs: one job (the snapshot of a live stream, gRPC
 * GetJob) and a page of jobs (gRPC ListJobs). A job the registry does not know yet may just have been submitted (the
 * registry projects the queue a moment later), so a stream waits briefly for it before answering 404.
 */
@Component
public class RegistryJobs {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int NEW_JOB_TRIES = 8;
    private static final Duration NEW_JOB_PAUSE = Duration.ofMillis(250);

    private final WebClient web;
    private final Duration timeout;

    RegistryJobs(GatewayProperties properties) {
        this.web = WebClient.builder().baseUrl(properties.registryUrl()).build();
        this.timeout = properties.registryTimeout();
    }

    /** The job resource, or NOT_FOUND / UNAVAILABLE. */
    public Mono<JsonNode> job(String id) {
        return get("/api/v1/jobs/{id}", id)
                .onErrorMap(NotFound.class, e -> GatewayProblem.notFound("job '" + id + "' does not exist"));
    }

    /** The job resource, waiting up to two seconds for a job the registry has not heard of yet. */
    public Mono<JsonNode> jobSoon(String id) {
        return get("/api/v1/jobs/{id}", id)
                .retryWhen(Retry.fixedDelay(NEW_JOB_TRIES, NEW_JOB_PAUSE).filter(NotFound.class::isInstance))
                .onErrorMap(
                        e -> e instanceof NotFound || (e.getCause() instanceof NotFound),
                        e -> GatewayProblem.notFound("job '" + id + "' does not exist"));
    }

    /** A page of jobs: {@code {"jobs": [...], "next_page_token": ...}}. */
    public Mono<JsonNode> list(String status, int limit, String pageToken) {
        return web.get()
                .uri(builder -> {
                    builder.path("/api/v1/jobs");
                    if (status != null && !status.isBlank()) {
                        builder.queryParam("status", status);
                    }
                    if (limit > 0) {
                        builder.queryParam("limit", limit);
                    }
                    if (pageToken != null && !pageToken.isBlank()) {
                        builder.queryParam("page_token", pageToken);
                    }
                    return builder.build();
                })
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .bodyToMono(byte[].class)
                .map(JSON::readTree)
                .timeout(timeout)
                .onErrorMap(e -> !(e instanceof GatewayProblem), RegistryJobs::problem);
    }

    private Mono<JsonNode> get(String path, String variable) {
        return web.get()
                .uri(path, variable)
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .bodyToMono(byte[].class)
                .map(JSON::readTree)
                .timeout(timeout)
                .onErrorMap(e -> !(e instanceof GatewayProblem), e -> {
                    if (e instanceof WebClientResponseException response
                            && response.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
                        return new NotFound();
                    }
                    return problem(e);
                });
    }

    private static Throwable problem(Throwable e) {
        if (e instanceof WebClientResponseException response
                && response.getStatusCode().is4xxClientError()) {
            JsonNode body = readOrNull(response.getResponseBodyAsByteArray());
            HttpStatus status = HttpStatus.valueOf(response.getStatusCode().value());
            String code =
                    body == null ? "INVALID_ARGUMENT" : body.path("error_code").asString("INVALID_ARGUMENT");
            String detail =
                    body == null ? response.getMessage() : body.path("detail").asString(response.getMessage());
            return new GatewayProblem(status, code, detail, e);
        }
        String why = e instanceof WebClientResponseException response
                ? "it answered " + response.getStatusCode().value()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return GatewayProblem.unavailable("the model-registry cannot be reached (" + why + "); try again shortly", e);
    }

    private static JsonNode readOrNull(byte[] bytes) {
        try {
            return bytes.length == 0 ? null : JSON.readTree(bytes);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The registry answered 404. */
    private static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound() {
            super(null, null, false, false);
        }
    }
}
