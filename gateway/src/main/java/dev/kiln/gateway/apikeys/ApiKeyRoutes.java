package dev.kiln.gateway.apikeys;

import static org.springframework.web.reactive.function.server.RequestPredicates.DELETE;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code /api/v1/api-keys}: the gateway's own endpoints (admin scope, see the access rules). */
@Configuration(proxyBeanMethods = false)
class ApiKeyRoutes {
    @Bean
    RouterFunction<ServerResponse> apiKeyRouter(ApiKeysHandler handler) {
        return RouterFunctions.route(POST("/api/v1/api-keys"), handler::create)
                .andRoute(GET("/api/v1/api-keys"), handler::list)
                .andRoute(GET("/api/v1/api-keys/{id}"), handler::get)
                .andRoute(DELETE("/api/v1/api-keys/{id}"), handler::revoke);
    }
}
