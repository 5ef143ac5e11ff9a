package dev.kiln.gateway.security;

import org.springframework.core.Ordered;

/** The order of the gateway's web filters: headers on every answer, CORS, sign-in, keys, body limits. */
final class FilterOrder {
    static final int SECURITY_HEADERS = Ordered.HIGHEST_PRECEDENCE + 10;
    static final int CORS = Ordered.HIGHEST_PRECEDENCE + 20;
    static final int SIGN_IN = Ordered.HIGHEST_PRECEDENCE + 30;
    static final int AUTHENTICATION = Ordered.HIGHEST_PRECEDENCE + 40;
    static final int BODY_LIMIT = Ordered.HIGHEST_PRECEDENCE + 50;

    private FilterOrder() {}
}
