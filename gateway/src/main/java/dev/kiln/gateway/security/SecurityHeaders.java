package dev.kiln.gateway.security;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Security headers on every answer, including errors and proxied ones (an upstream's own value wins): no MIME
 * sniffing, no framing, no referrer, a same-origin content policy for the dashboard and Swagger UI, and HSTS when
 * the request came over HTTPS.
 */
@Component
class SecurityHeaders implements WebFilter, Ordered {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'"
            + " 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self';"
            + " object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    @Override
    public int getOrder() {
        return FilterOrder.SECURITY_HEADERS;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        boolean https = "https".equals(exchange.getRequest().getURI().getScheme());
        exchange.getResponse().beforeCommit(() -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            setIfAbsent(headers, "X-Content-Type-Options", "nosniff");
            setIfAbsent(headers, "X-Frame-Options", "DENY");
            setIfAbsent(headers, "Referrer-Policy", "no-referrer");
            setIfAbsent(headers, "Content-Security-Policy", CONTENT_SECURITY_POLICY);
            setIfAbsent(headers, "Cross-Origin-Opener-Policy", "same-origin");
            if (https) {
                setIfAbsent(headers, "Strict-Transport-Security", "max-age=31536000");
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    private static void setIfAbsent(HttpHeaders headers, String name, String value) {
        if (!headers.containsHeader(name)) {
            headers.set(name, value);
        }
    }
}
