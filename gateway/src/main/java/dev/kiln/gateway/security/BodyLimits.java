package dev.kiln.gateway.security;

import dev.kiln.gateway.config.GatewayProperties;
import dev.kiln.gateway.problem.GatewayProblem;
import dev.kiln.gateway.problem.ProblemResponses;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Request body limits per route: a declared {@code Content-Length} over the limit is refused at once with 413; a body
 * without one (chunked) is counted as it streams and cut off at the limit.
 */
@Component
class BodyLimits implements WebFilter, Ordered {
    private final GatewayProperties.BodyLimits limits;

    BodyLimits(GatewayProperties properties) {
        this.limits = properties.bodyLimits();
    }

    @Override
    public int getOrder() {
        return FilterOrder.BODY_LIMIT;
    }

    DataSize limitFor(HttpMethod method, String path) {
        if (HttpMethod.POST.equals(method) && path.equals("/api/v1/datasets")) {
            return limits.datasets();
        }
        if (HttpMethod.POST.equals(method) && path.startsWith("/api/v1/models/") && path.endsWith("/versions")) {
            return limits.models();
        }
        if (path.startsWith("/v2/") || path.startsWith("/api/v1/predict/")) {
            return limits.inference();
        }
        return limits.standard();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().value();
        DataSize limit = limitFor(request.getMethod(), path);
        long declared = request.getHeaders().getContentLength();
        if (declared > limit.toBytes()) {
            return ProblemResponses.write(exchange, tooLarge(request, limit, declared));
        }
        if (declared >= 0) {
            return chain.filter(exchange);
        }
        ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > limit.toBytes()) {
                        DataBufferUtils.release(buffer);
                        sink.error(tooLarge(request, limit, seen.get()));
                    } else {
                        sink.next(buffer);
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    private static GatewayProblem tooLarge(ServerHttpRequest request, DataSize limit, long size) {
        return new GatewayProblem(
                HttpStatus.CONTENT_TOO_LARGE,
                "INVALID_ARGUMENT",
                "the request body is " + size + " bytes or more; " + request.getMethod() + " "
                        + request.getPath().value() + " takes at most " + limit.toBytes() + " bytes ("
                        + limit.toMegabytes() + " MB)");
    }
}
