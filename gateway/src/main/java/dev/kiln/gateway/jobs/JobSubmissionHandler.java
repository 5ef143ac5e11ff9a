package dev.kiln.gateway.jobs;

import dev.kiln.contracts.events.TrainingJobRequested;
import dev.kiln.contracts.messaging.CorrelationId;
import dev.kiln.contracts.spec.ModelSpecJson;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The REST edge of {@link JobSubmissions}: {@code POST /api/v1/jobs} answers 202 with {@code Location} and the job;
 * {@code POST /api/v1/jobs/{id}/cancel} answers 202; refusals are RFC 9457 problems.
 */
@Component
class JobSubmissionHandler {
    private static final String DEFAULT_REASON = "cancelled on request";

    private final JobSubmissions submissions;

    JobSubmissionHandler(JobSubmissions submissions) {
        this.submissions = submissions;
    }

    Mono<ServerResponse> submit(ServerRequest request) {
        Optional<MediaType> type = request.headers().contentType();
        if (type.isPresent() && !isJson(type.get())) {
            return Problems.render(JobProblem.unsupportedMediaType("Content-Type " + type.get()
                    + " is not accepted; send the job as JSON with Content-Type: application/json"));
        }
        return request.bodyToMono(byte[].class)
                .switchIfEmpty(
                        Mono.error(() -> JobProblem.invalidArgument("body", "the body is empty; send the job as JSON")))
                .map(JobRequestParser::parse)
                .flatMap(draft -> submissions.submit(draft, correlationId(request)))
                .flatMap(queued -> ServerResponse.accepted()
                        .location(URI.create("/api/v1/jobs/" + queued.request().jobId()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(view(queued.request(), queued.queue())))
                .onErrorResume(Problems::render);
    }

    private static boolean isJson(MediaType type) {
        return MediaType.APPLICATION_JSON.isCompatibleWith(type)
                || (type.getSubtype().endsWith("+json") && "application".equals(type.getType()));
    }

    Mono<ServerResponse> cancel(ServerRequest request) {
        String jobId = request.pathVariable("id");
        return request.bodyToMono(byte[].class)
                .map(JobSubmissionHandler::reason)
                .defaultIfEmpty(DEFAULT_REASON)
                .flatMap(reason -> submissions.cancel(jobId, reason, correlationId(request)))
                .flatMap(status -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("id", jobId);
                    body.put("status", status);
                    body.put("cancel_requested", true);
                    return ServerResponse.status(HttpStatus.ACCEPTED)
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(body);
                })
                .onErrorResume(Problems::render);
    }

    /** The id the correlation filter put on the request (a fresh one if the handler runs without the filter). */
    private static CorrelationId correlationId(ServerRequest request) {
        return CorrelationId.orGenerate(request.headers().firstHeader(CorrelationId.HTTP_HEADER));
    }

    /** The job resource of API.md as far as it is known at submission. */
    private static Map<String, Object> view(TrainingJobRequested job, String queue) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.jobId());
        view.put("name", job.name());
        view.put("status", "QUEUED");
        view.put("dataset", job.dataset());
        view.put("model", ModelSpecJson.mapper().readTree(ModelSpecJson.toJson(job.model())));
        view.put("hyperparameters", ModelSpecJson.mapper().valueToTree(job.hyperparameters()));
        view.put("resources", Map.of("device", job.resources().deviceOrDefault()));
        view.put("register_as", job.registerAs());
        view.put("queue", queue);
        view.put("attempt", 0);
        view.put("created_at", job.occurredAt().toString());
        return view;
    }

    private static String reason(byte[] body) {
        if (body.length == 0) {
            return DEFAULT_REASON;
        }
        JsonNode json;
        try {
            json = ModelSpecJson.mapper().readTree(body);
        } catch (RuntimeException e) {
            throw JobProblem.invalidArgument("body", "the body must be empty or {\"reason\": \"...\"}");
        }
        JsonNode reason = json == null ? null : json.get("reason");
        return reason != null && reason.isString() && !reason.asString().isBlank() ? reason.asString() : DEFAULT_REASON;
    }
}
