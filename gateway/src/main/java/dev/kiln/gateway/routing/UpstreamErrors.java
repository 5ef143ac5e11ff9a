package dev.kiln.gateway.routing;

import dev.kiln.gateway.problem.GatewayProblem;
import dev.kiln.gateway.problem.ProblemResponses;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Turns a service behind the gateway that is down, unreachable or too slow into a quick {@code 503} problem that
 * names the service ({@code error_code: UNAVAILABLE}), instead of a bare 500/504 or a hang; and renders the gateway's
 * own {@link GatewayProblem}s thrown inside streams (a body over its limit, say). Runs before Spring Boot's default
 * error handler.
 */
@Component
@Order(-10)
class UpstreamErrors implements WebExceptionHandler {
    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        GatewayProblem own = causeOf(error, GatewayProblem.class);
        if (own != null) {
            return ProblemResponses.write(exchange, own);
        }
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null) {
            return Mono.error(error);
        }
        String why = reason(error);
        if (why == null) {
            return Mono.error(error);
        }
        return ProblemResponses.write(
                exchange,
                HttpStatus.SERVICE_UNAVAILABLE,
                "UNAVAILABLE",
                "the " + route.getId() + " " + why + "; try again shortly");
    }

    /** Why the service could not answer, or null for an error that is not about reaching it. */
    private static String reason(Throwable error) {
        if (error instanceof NotFoundException) {
            return "has no replica to send the request to";
        }
        if (causeOf(error, ConnectException.class) != null
                || causeOf(error, io.netty.channel.ConnectTimeoutException.class) != null) {
            return "cannot be reached (" + rootMessage(error) + ")";
        }
        if (causeOf(error, TimeoutException.class) != null
                || (error instanceof ResponseStatusException status
                        && status.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value())) {
            return "did not answer in time (" + rootMessage(error) + ")";
        }
        if (causeOf(error, IOException.class) != null) {
            return "broke off the connection (" + rootMessage(error) + ")";
        }
        return null;
    }

    private static <T extends Throwable> T causeOf(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
