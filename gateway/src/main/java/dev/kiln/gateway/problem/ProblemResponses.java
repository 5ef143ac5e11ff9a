package dev.kiln.gateway.problem;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 9457 problem bodies of the gateway's own answers: {@code type}, {@code title}, {@code status}, {@code detail},
 * {@code error_code}, and on the {@code /v2} inference routes also {@code error}, as the Open Inference Protocol
 * wants.
 */
public final class ProblemResponses {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {}

    public static Map<String, Object> body(HttpStatus status, String errorCode, String detail, String path) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "type",
                "https://kiln.dev/problems/"
                        + errorCode.toLowerCase(Locale.ROOT).replace('_', '-'));
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("error_code", errorCode);
        if (path != null && path.startsWith("/v2/")) {
            body.put("error", detail);
        }
        return body;
    }

    /** Writes the problem as the exchange's response. */
    public static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String errorCode, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] bytes = JSON.writeValueAsBytes(
                body(status, errorCode, detail, exchange.getRequest().getPath().value()));
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }

    public static Mono<Void> write(ServerWebExchange exchange, GatewayProblem problem) {
        return write(exchange, problem.status(), problem.errorCode(), problem.getMessage());
    }

    /** The problem as a functional endpoint's response. */
    public static Mono<ServerResponse> response(GatewayProblem problem, String path) {
        return ServerResponse.status(problem.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(new String(
                        JSON.writeValueAsBytes(body(problem.status(), problem.errorCode(), problem.getMessage(), path)),
                        StandardCharsets.UTF_8));
    }
}
