package dev.kiln.inference.api.rest;

import dev.kiln.inference.error.ErrorCode;
import dev.kiln.inference.error.InferenceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps the core's error vocabulary to HTTP once: an RFC 9457 problem body that also carries {@code error} (as the Open
 * Inference Protocol asks) and {@code error_code}; a full queue answers 429 with {@code Retry-After}. Spring MVC's own
 * errors (unsupported media type, missing body, …) get the same two fields.
 */
@RestControllerAdvice(basePackageClasses = RestErrors.class)
class RestErrors extends ResponseEntityExceptionHandler {
    static final String RETRY_AFTER_SECONDS = "1";
    private static final Logger log = LoggerFactory.getLogger(RestErrors.class);

    @ExceptionHandler(InferenceException.class)
    ResponseEntity<ProblemDetail> inference(InferenceException e) {
        HttpStatus status = status(e);
        ProblemDetail problem = problem(status, e.getMessage(), e.code().name());
        ResponseEntity.BodyBuilder response =
                ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (e.code() == ErrorCode.RESOURCE_EXHAUSTED) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return response.body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            String detail = problem.getDetail() == null ? ex.getMessage() : problem.getDetail();
            problem.setProperty("error", detail);
            problem.setProperty("error_code", code(statusCode.value()));
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    static ProblemDetail problem(HttpStatus status, String message, String code) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, message);
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("error", message);
        problem.setProperty("error_code", code);
        return problem;
    }

    /** The status an error answers with; server-side errors (5xx) are logged. */
    static HttpStatus status(InferenceException e) {
        HttpStatus status = status(e.code());
        if (status.is5xxServerError()) {
            log.warn("{}: {}", e.code(), e.getMessage());
        }
        return status;
    }

    static HttpStatus status(ErrorCode code) {
        return switch (code) {
            case INVALID_ARGUMENT -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case RESOURCE_EXHAUSTED -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    private static String code(int status) {
        return switch (status) {
            case 404 -> ErrorCode.NOT_FOUND.name();
            case 429 -> ErrorCode.RESOURCE_EXHAUSTED.name();
            case 503 -> ErrorCode.UNAVAILABLE.name();
            default -> status >= 500 ? ErrorCode.INTERNAL.name() : ErrorCode.INVALID_ARGUMENT.name();
        };
    }
}
