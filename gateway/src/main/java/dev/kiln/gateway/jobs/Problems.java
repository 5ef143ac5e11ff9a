package dev.kiln.gateway.jobs;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** RFC 9457 problem bodies for the job endpoints: type, title, status, detail, error_code, and field for a 400. */
final class Problems {
    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private Problems() {}

    static Mono<ServerResponse> render(Throwable error) {
        JobProblem problem;
        if (error instanceof JobProblem known) {
            problem = known;
        } else {
            log.error("job request failed", error);
            problem = JobProblem.internal("the gateway failed to handle the job request ("
                    + error.getClass().getSimpleName() + ")");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "type",
                "https://kiln.dev/problems/"
                        + problem.errorCode().toLowerCase(Locale.ROOT).replace('_', '-'));
        body.put("title", problem.status().getReasonPhrase());
        body.put("status", problem.status().value());
        body.put("detail", problem.getMessage());
        body.put("error_code", problem.errorCode());
        if (problem.field() != null) {
            body.put("field", problem.field());
        }
        return ServerResponse.status(problem.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(body);
    }
}
