package dev.kiln.gateway.events;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The live streams and the read-your-writes job lookup; router functions are matched before the gateway's routes, so
 * these never reach the registry's proxy route.
 */
@Configuration(proxyBeanMethods = false)
class JobEventsRoutes {
    @Bean
    RouterFunction<ServerResponse> jobEventRouter(JobEventsHandler handler, JobLookupHandler lookup) {
        return RouterFunctions.route(GET("/api/v1/jobs/{id}/events"), handler::job)
                .andRoute(GET("/api/v1/events"), handler::all)
                .andRoute(GET("/api/v1/jobs/{id}"), lookup::job);
    }
}
