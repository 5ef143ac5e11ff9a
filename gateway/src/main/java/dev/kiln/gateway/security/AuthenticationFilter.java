package dev.kiln.gateway.security;

import dev.kiln.gateway.apikeys.ApiKeyStore;
import dev.kiln.gateway.apikeys.Authentication;
import dev.kiln.gateway.apikeys.Caller;
import dev.kiln.gateway.apikeys.Scope;
import dev.kiln.gateway.problem.ProblemResponses;
import java.time.Duration;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Checks the API key of every request that needs one ({@link AccessRules}): 401 without a valid key, 403 without the
 * scope, 429 with {@code Retry-After} when the key's bucket is empty. The key is not passed on to the services
 * behind the gateway.
 */
@Component
public class AuthenticationFilter implements WebFilter, Ordered {
    /** The exchange attribute holding the {@link Caller}. */
    public static final String CALLER = "kiln.caller";

    private final ApiKeyStore keys;
    private final TokenBuckets buckets;

    AuthenticationFilter(ApiKeyStore keys, TokenBuckets buckets) {
        this.keys = keys;
        this.buckets = buckets;
    }

    @Override
    public int getOrder() {
        return FilterOrder.AUTHENTICATION;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        Optional<Scope> needed = AccessRules.required(
                request.getMethod(), request.getPath().pathWithinApplication().value());
        if (needed.isEmpty()) {
            return chain.filter(exchange);
        }
        Credentials.Presented presented = Credentials.of(request);
        if (presented.malformed() != null) {
            return unauthorized(exchange, presented.malformed());
        }
        if (presented.token().isEmpty()) {
            return unauthorized(
                    exchange,
                    "this request needs an API key: send 'Authorization: Bearer <api key>' (the local stack keeps"
                            + " one in ~/.kiln/api-key)");
        }
        Authentication result = keys.authenticate(presented.token().get());
        if (result instanceof Authentication.Rejected rejected) {
            return unauthorized(exchange, rejected.reason());
        }
        Caller caller = ((Authentication.Authenticated) result).caller();
        if (!caller.allows(needed.get())) {
            return ProblemResponses.write(
                    exchange,
                    HttpStatus.FORBIDDEN,
                    "PERMISSION_DENIED",
                    request.getMethod() + " " + request.getPath().value() + " needs the '"
                            + needed.get().wire() + "' scope; key "
                            + caller.key().id() + " has " + caller.key().scopes());
        }
        Optional<Duration> wait = buckets.tryAcquire(caller.key().id());
        if (wait.isPresent()) {
            long seconds = Math.max(1, (long) Math.ceil(wait.get().toMillis() / 1000.0));
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
            return ProblemResponses.write(
                    exchange,
                    HttpStatus.TOO_MANY_REQUESTS,
                    "RESOURCE_EXHAUSTED",
                    "key " + caller.key().id() + " is over its rate limit; retry in " + seconds + " s");
        }
        exchange.getAttributes().put(CALLER, caller);
        ServerHttpRequest stripped = request.mutate()
                .headers(headers -> {
                    headers.remove(HttpHeaders.AUTHORIZATION);
                    stripCookie(headers);
                })
                .build();
        return chain.filter(exchange.mutate().request(stripped).build());
    }

    private static void stripCookie(HttpHeaders headers) {
        if (headers.containsHeader(HttpHeaders.COOKIE)) {
            String kept = String.join(
                    "; ",
                    headers.get(HttpHeaders.COOKIE).stream()
                            .flatMap(value -> java.util.Arrays.stream(value.split(";")))
                            .map(String::strip)
                            .filter(c -> !c.isEmpty() && !c.startsWith(Credentials.COOKIE + "="))
                            .toList());
            headers.remove(HttpHeaders.COOKIE);
            if (!kept.isEmpty()) {
                headers.set(HttpHeaders.COOKIE, kept);
            }
        }
    }

    private static Mono<Void> unauthorized(ServerWebExchange exchange, String detail) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"kiln\"");
        return ProblemResponses.write(exchange, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", detail);
    }
}
