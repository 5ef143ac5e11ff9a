package dev.kiln.gateway.correlation;

import dev.kiln.contracts.messaging.CorrelationId;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request a correlation id before anything else runs: the caller's {@code X-Request-Id} if it is a
 * valid id, else the trace id of its {@code traceparent}, else a new one. The id replaces the request's
 * {@code X-Request-Id} (so handlers and the services behind the routes see it), is answered in the response's
 * {@code X-Request-Id}, and sits in the Reactor context under {@link CorrelationId#MDC_KEY}, from where context
 * propagation puts it in the logging MDC of whatever thread handles the request.
 */
@Component
class CorrelationIdFilter implements WebFilter, Ordered {
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE; // before the security filters, so refusals carry the id too
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        CorrelationId id = CorrelationId.fromRequest(
                headers.getFirst(CorrelationId.HTTP_HEADER), headers.getFirst(CorrelationId.TRACEPARENT_HEADER));
        ServerHttpRequest request = exchange.getRequest()
                .mutate()
                .headers(h -> h.set(CorrelationId.HTTP_HEADER, id.value()))
                .build();
        exchange.getResponse().getHeaders().set(CorrelationId.HTTP_HEADER, id.value());
        return chain.filter(exchange.mutate().request(request).build())
                .contextWrite(context -> context.put(CorrelationId.MDC_KEY, id.value()));
    }
}
