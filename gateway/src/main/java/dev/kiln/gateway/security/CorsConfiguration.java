package dev.kiln.gateway.security;

import dev.kiln.gateway.config.GatewayProperties;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Cross-origin access only for the origins in {@code kiln.gateway.cors.allowed-origins}; without any, no CORS
 * headers are sent and browsers keep other sites out. Preflights are answered before the key check (a browser sends
 * them without credentials).
 */
@Configuration(proxyBeanMethods = false)
class CorsConfiguration {
    @Bean
    WebFilter kilnCorsFilter(GatewayProperties properties) {
        if (properties.cors().allowedOrigins().isEmpty()) {
            return new OrderedCors(null);
        }
        org.springframework.web.cors.CorsConfiguration cors = new org.springframework.web.cors.CorsConfiguration();
        cors.setAllowedOrigins(properties.cors().allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "DELETE"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Last-Event-ID"));
        cors.setExposedHeaders(List.of("Location", "Retry-After"));
        cors.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        CorsWebFilter filter = new CorsWebFilter(source);
        return new OrderedCors(filter);
    }

    private record OrderedCors(CorsWebFilter delegate) implements WebFilter, Ordered {
        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            return delegate == null ? chain.filter(exchange) : delegate.filter(exchange, chain);
        }

        @Override
        public int getOrder() {
            return FilterOrder.CORS;
        }
    }
}
