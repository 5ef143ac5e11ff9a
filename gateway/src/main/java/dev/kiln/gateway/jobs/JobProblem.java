package dev.kiln.gateway.jobs;

import org.springframework.http.HttpStatus;

/**
 * A job request the gateway refuses or cannot serve, rendered as an RFC 9457 problem: the error vocabulary's code,
 * its HTTP status, what was wrong and (for bad input) the field.
 */
public final class JobProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorCode;
    private final HttpStatus status;
    private final String field;

    private JobProblem(String errorCode, HttpStatus status, String detail, String field, Throwable cause) {
        super(detail, cause);
        this.errorCode = errorCode;
        this.status = status;
        this.field = field;
    }

    static JobProblem invalidArgument(String field, String detail) {
        return new JobProblem("INVALID_ARGUMENT", HttpStatus.BAD_REQUEST, detail, field, null);
    }

    static JobProblem unsupportedMediaType(String detail) {
        return new JobProblem("INVALID_ARGUMENT", HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail, null, null);
    }

    static JobProblem notFound(String detail) {
        return new JobProblem("NOT_FOUND", HttpStatus.NOT_FOUND, detail, null, null);
    }

    static JobProblem failedPrecondition(String detail) {
        return new JobProblem("FAILED_PRECONDITION", HttpStatus.CONFLICT, detail, null, null);
    }

    static JobProblem internal(String detail) {
        return new JobProblem("INTERNAL", HttpStatus.INTERNAL_SERVER_ERROR, detail, null, null);
    }

    static JobProblem unavailable(String detail, Throwable cause) {
        return new JobProblem("UNAVAILABLE", HttpStatus.SERVICE_UNAVAILABLE, detail, null, cause);
    }

    /** INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, UNAVAILABLE or INTERNAL. */
    public String errorCode() {
        return errorCode;
    }

    public HttpStatus status() {
        return status;
    }

    /** The request field at fault (400 only), e.g. {@code model.layers[3].in_features}; null otherwise. */
    public String field() {
        return field;
    }
}
