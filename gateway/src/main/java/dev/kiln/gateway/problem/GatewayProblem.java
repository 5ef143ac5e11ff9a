package dev.kiln.gateway.problem;

import org.springframework.http.HttpStatus;

/**
 * Something the gateway refuses or cannot serve, with the error vocabulary's code (CONVENTIONS.md) and its HTTP
 * status; rendered as an RFC 9457 problem on REST and as a gRPC status on gRPC.
 */
public final class GatewayProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String errorCode;

    public GatewayProblem(HttpStatus status, String errorCode, String detail) {
        this(status, errorCode, detail, null);
    }

    public GatewayProblem(HttpStatus status, String errorCode, String detail, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    public static GatewayProblem invalidArgument(String detail) {
        return new GatewayProblem(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", detail);
    }

    public static GatewayProblem notFound(String detail) {
        return new GatewayProblem(HttpStatus.NOT_FOUND, "NOT_FOUND", detail);
    }

    public static GatewayProblem unavailable(String detail, Throwable cause) {
        return new GatewayProblem(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", detail, cause);
    }

    public HttpStatus status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }
}
