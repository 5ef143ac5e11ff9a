package dev.kiln.registry.api;

import java.util.Locale;
import org.springframework.http.HttpStatus;

/** Kiln's error vocabulary (CONVENTIONS.md) with the HTTP status each one maps to. */
public enum ErrorCode {
    INVALID_ARGUMENT(HttpStatus.BAD_REQUEST),
    NOT_FOUND(HttpStatus.NOT_FOUND),
    ALREADY_EXISTS(HttpStatus.CONFLICT),
    FAILED_PRECONDITION(HttpStatus.CONFLICT),
    RESOURCE_EXHAUSTED(HttpStatus.PAYLOAD_TOO_LARGE),
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR);

    private final HttpStatus status;

    ErrorCode(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    /** The problem {@code type} URI, e.g. {@code https://kiln.dev/errors/not-found}. */
    public String typeUri() {
        return "https://kiln.dev/errors/" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The code that fits an HTTP status Spring chose for one of its own exceptions. */
    static ErrorCode forStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 409 -> FAILED_PRECONDITION;
            case 413 -> RESOURCE_EXHAUSTED;
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL : INVALID_ARGUMENT;
        };
    }
}
