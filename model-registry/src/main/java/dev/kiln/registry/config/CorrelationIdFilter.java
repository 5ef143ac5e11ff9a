package dev.kiln.registry.config;

import dev.kiln.contracts.messaging.CorrelationId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the request's correlation id (the {@code X-Request-Id} the gateway sets, or a new one) in the logging MDC
 * while the request is handled, so its log lines and the model events it causes (through the outbox) carry it, and
 * answers it in {@code X-Request-Id}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CorrelationIdFilter extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CorrelationId id = CorrelationId.fromRequest(
                request.getHeader(CorrelationId.HTTP_HEADER), request.getHeader(CorrelationId.TRACEPARENT_HEADER));
        response.setHeader(CorrelationId.HTTP_HEADER, id.value());
        try (MDC.MDCCloseable ignored = MDC.putCloseable(CorrelationId.MDC_KEY, id.value())) {
            chain.doFilter(request, response);
        }
    }
}
