package dev.kiln.gateway.security;

import dev.kiln.gateway.apikeys.ApiKeyStore;
import dev.kiln.gateway.apikeys.Authentication;
import dev.kiln.gateway.problem.ProblemResponses;
import java.net.URI;
import java.time.Duration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The sign-in link the local stack prints, {@code /?key=kiln_…}: the key is checked, put in an HttpOnly,
 * SameSite=Strict cookie, and the browser is sent to {@code /} without the key in the address (so it stays out of
 * the history and of any Referer).
 */
@Component
class DashboardSignIn implements WebFilter, Ordered {
    private static final Duration COOKIE_LIFETIME = Duration.ofDays(30);

    private final ApiKeyStore keys;

    DashboardSignIn(ApiKeyStore keys) {
        this.keys = keys;
    }

    @Override
    public int getOrder() {
        return FilterOrder.SIGN_IN;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String key = request.getQueryParams().getFirst("key");
        if (key == null
                || !HttpMethod.GET.equals(request.getMethod())
                || !request.getPath().value().equals("/")) {
            return chain.filter(exchange);
        }
        if (keys.authenticate(key) instanceof Authentication.Rejected rejected) {
            return ProblemResponses.write(
                    exchange,
                    HttpStatus.UNAUTHORIZED,
                    "UNAUTHENTICATED",
                    "the sign-in link's key is not usable (" + rejected.reason() + "); the local stack keeps a"
                            + " working key in ~/.kiln/api-key");
        }
        ResponseCookie cookie = ResponseCookie.from(Credentials.COOKIE, key)
                .httpOnly(true)
                .sameSite("Strict")
                .secure("https".equals(request.getURI().getScheme()))
                .path("/")
                .maxAge(COOKIE_LIFETIME)
                .build();
        exchange.getResponse().addCookie(cookie);
        exchange.getResponse().setStatusCode(HttpStatus.SEE_OTHER);
        exchange.getResponse().getHeaders().setLocation(URI.create("/"));
        exchange.getResponse().getHeaders().setCacheControl("no-store");
        return exchange.getResponse().setComplete();
    }
}
