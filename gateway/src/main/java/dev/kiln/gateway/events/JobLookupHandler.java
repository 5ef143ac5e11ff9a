package dev.kiln.gateway.events;

import dev.kiln.gateway.problem.GatewayProblem;
import dev.kiln.gateway.problem.ProblemResponses;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/jobs/{id}} with read-your-writes: the gateway answers 202 once Kafka holds a job and the
 * registry records it from Kafka a moment later, so a GET right after submitting waits briefly for the registry to
 * catch up ({@link RegistryJobs#jobSoon}) instead of answering 404 for a job the caller was just told exists.
 */
@Component
class JobLookupHandler {
    private final RegistryJobs registry;

    JobLookupHandler(RegistryJobs registry) {
        this.registry = registry;
    }

    Mono<ServerResponse> job(ServerRequest request) {
        return registry.jobSoon(request.pathVariable("id"))
                .flatMap(job -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(job.toString()))
                .onErrorResume(GatewayProblem.class, p -> ProblemResponses.response(p, request.path()));
    }
}
