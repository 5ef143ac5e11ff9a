package dev.kiln.gateway.security;

import java.util.Optional;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Where a key comes from on REST: {@code Authorization: Bearer <key>}, else the dashboard's HttpOnly cookie (set by
 * the sign-in link, because a browser cannot put headers on a plain navigation).
 */
final class Credentials {
    static final String COOKIE = "kiln_api_key";

    private Credentials() {}

    /** The presented key; empty when there is none; a present but unusable header is an error message. */
    static Presented of(ServerHttpRequest request) {
        String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header != null) {
            if (header.regionMatches(true, 0, "Bearer ", 0, 7)
                    && !header.substring(7).isBlank()) {
                return new Presented(Optional.of(header.substring(7).strip()), null);
            }
            return new Presented(Optional.empty(), "the Authorization header must be 'Bearer <api key>'");
        }
        HttpCookie cookie = request.getCookies().getFirst(COOKIE);
        if (cookie != null && !cookie.getValue().isBlank()) {
            return new Presented(Optional.of(cookie.getValue()), null);
        }
        return new Presented(Optional.empty(), null);
    }

    record Presented(Optional<String> token, String malformed) {}
}
