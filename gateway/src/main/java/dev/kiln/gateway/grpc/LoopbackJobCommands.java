package dev.kiln.gateway.grpc;

import dev.kiln.contracts.messaging.CorrelationId;
import dev.kiln.gateway.problem.GatewayProblem;
import java.time.Duration;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Job submission and cancellation for gRPC, run through this gateway's own REST endpoints ({@code POST
 * /api/v1/jobs}, {@code POST /api/v1/jobs/{id}/cancel}) on the loopback interface with the caller's key, so gRPC gets
 * exactly the REST semantics: the same validation and messages, the same queueing, the same scope check and rate
 * limit. The submission code ({@code dev.kiln.gateway.jobs}) exposes no Java service yet; when it does, this class
 * becomes a direct call.
 */
@Component
class LoopbackJobCommands implements ApplicationListener<WebServerInitializedEvent> {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String host;
    private volatile WebClient web;

    LoopbackJobCommands(Environment environment) {
        String address = environment.getProperty("server.address", "127.0.0.1");
        this.host = address.equals("0.0.0.0") || address.equals("::") || address.isBlank() ? "127.0.0.1" : address;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        String authority = host.contains(":") ? "[" + host + "]" : host;
        this.web = WebClient.builder()
                .baseUrl("http://" + authority + ":" + event.getWebServer().getPort())
                .build();
    }

    /** The accepted job (the 202 body), or the REST problem as a GatewayProblem. */
    Mono<JsonNode> submit(JsonNode body, String token, CorrelationId correlationId) {
        return post("/api/v1/jobs", body, token, correlationId);
    }

    /** The cancel answer ({@code {id, status, cancel_requested}}), or the REST problem. */
    Mono<JsonNode> cancel(String jobId, String reason, String token, CorrelationId correlationId) {
        JsonNode body = reason == null || reason.isBlank()
                ? JSON.createObjectNode()
                : JSON.createObjectNode().put("reason", reason);
        return post("/api/v1/jobs/{id}/cancel", body, token, correlationId, jobId);
    }

    private Mono<JsonNode> post(
            String path, JsonNode body, String token, CorrelationId correlationId, Object... variables) {
        if (web == null) {
            return Mono.error(GatewayProblem.unavailable("the gateway is still starting", null));
        }
        return web.post()
                .uri(path, variables)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header(CorrelationId.HTTP_HEADER, correlationId.value())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsBytes(body))
                .exchangeToMono(response -> response.bodyToMono(byte[].class)
                        .defaultIfEmpty(new byte[0])
                        .map(bytes -> {
                            JsonNode json = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
                            if (response.statusCode().is2xxSuccessful()) {
                                return json;
                            }
                            throw new GatewayProblem(
                                    HttpStatus.valueOf(response.statusCode().value()),
                                    json.path("error_code").asString("INTERNAL"),
                                    json.path("detail").asString("the gateway answered " + response.statusCode()));
                        }))
                .timeout(TIMEOUT)
                .onErrorMap(
                        e -> !(e instanceof GatewayProblem),
                        e -> GatewayProblem.unavailable("the job request could not be handled (" + e + ")", e));
    }
}
