package dev.kiln.gateway.jobs;

import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The gateway's own job endpoints. Router functions are mapped before the gateway's routes (order -1 against 1), and
 * only these two exact POSTs match, so every other {@code /api/v1/jobs/**} request (list, get, events) still goes
 * to the registry.
 */
@Configuration(proxyBeanMethods = false)
class JobRoutes {
    @Bean
    RouterFunction<ServerResponse> jobSubmissionRoutes(JobSubmissionHandler handler) {
        return RouterFunctions.route(POST("/api/v1/jobs"), handler::submit)
                .andRoute(POST("/api/v1/jobs/{id}/cancel"), handler::cancel);
    }
}
