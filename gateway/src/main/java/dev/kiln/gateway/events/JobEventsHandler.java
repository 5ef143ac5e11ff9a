package dev.kiln.gateway.events;

import dev.kiln.gateway.config.GatewayProperties;
import dev.kiln.gateway.problem.GatewayProblem;
import dev.kiln.gateway.problem.ProblemResponses;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Server-Sent Events: {@code GET /api/v1/jobs/{id}/events} (event {@code JobSnapshot} with the job resource, then one
 * SSE event per job event, {@code event:} its type and {@code id:} its event id, ending after the terminal event)
 * and {@code GET /api/v1/events} (every job's events, for the dashboard's list; {@code Resync} when this client fell
 * behind and missed some). Idle streams get a {@code : keep-alive} comment every 15 s.
 */
@Component
class JobEventsHandler {
    static final String SNAPSHOT = "JobSnapshot";
    static final String RESYNC = "Resync";

    private final JobWatch watch;
    private final JobEventHub hub;
    private final Duration keepAlive;

    JobEventsHandler(JobWatch watch, JobEventHub hub, GatewayProperties properties) {
        this.watch = watch;
        this.hub = hub;
        this.keepAlive = properties.events().keepAlive();
    }

    Mono<ServerResponse> job(ServerRequest request) {
        String jobId = request.pathVariable("id");
        return watch.watch(jobId)
                .flatMap(items -> stream(items.map(JobEventsHandler::sse)))
                .onErrorResume(GatewayProblem.class, p -> ProblemResponses.response(p, request.path()));
    }

    Mono<ServerResponse> all(ServerRequest request) {
        return stream(hub.subscribeAll().map(JobEventsHandler::sse));
    }

    private Mono<ServerResponse> stream(Flux<ServerSentEvent<String>> events) {
        Sinks.Empty<Void> done = Sinks.empty();
        Flux<ServerSentEvent<String>> heartbeats = Flux.interval(keepAlive)
                .map(tick ->
                        ServerSentEvent.<String>builder().comment("keep-alive").build())
                .takeUntilOther(done.asMono());
        Flux<ServerSentEvent<String>> body = Flux.merge(events.doFinally(signal -> done.tryEmitEmpty()), heartbeats);
        return ServerResponse.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no")
                .body(BodyInserters.fromServerSentEvents(body));
    }

    private static ServerSentEvent<String> sse(JobStreamItem item) {
        if (item instanceof JobStreamItem.Snapshot snapshot) {
            return ServerSentEvent.<String>builder()
                    .event(SNAPSHOT)
                    .data(snapshot.job().toString())
                    .build();
        }
        if (item instanceof JobStreamItem.Event event) {
            return ServerSentEvent.<String>builder()
                    .event(event.event().type())
                    .id(event.event().eventId().toString())
                    .data(event.json())
                    .build();
        }
        JobStreamItem.Resync resync = (JobStreamItem.Resync) item;
        return ServerSentEvent.<String>builder()
                .event(RESYNC)
                .data("{\"dropped\":" + resync.dropped()
                        + ",\"detail\":\"this client read too slowly and missed events; reload the jobs\"}")
                .build();
    }
}
