package dev.kiln.gateway.workers;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import dev.kiln.contracts.events.WorkerHeartbeat;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /api/v1/workers}: {@code {"workers": [{"worker_id", "devices", "cores", "memory_bytes",
 * "current_job_id", "queue", "last_seen"}]}}, the workers online now.
 */
@Configuration(proxyBeanMethods = false)
class WorkerRoutes {
    @Bean
    RouterFunction<ServerResponse> workerRouter(WorkerDirectory directory) {
        return RouterFunctions.route(GET("/api/v1/workers"), request -> ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "workers",
                        directory.online(Instant.now()).stream()
                                .map(WorkerRoutes::view)
                                .toList())));
    }

    private static Map<String, Object> view(WorkerHeartbeat heartbeat) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("worker_id", heartbeat.workerId());
        view.put("devices", heartbeat.devices());
        view.put("cores", heartbeat.cores());
        view.put("memory_bytes", heartbeat.memoryBytes());
        view.put("current_job_id", heartbeat.currentJobId());
        view.put("queue", heartbeat.queue());
        view.put("last_seen", heartbeat.occurredAt().toString());
        return view;
    }
}
