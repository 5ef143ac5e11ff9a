package dev.kiln.registry.api;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every error to an RFC 9457 problem body with {@code type}, {@code title}, {@code status}, {@code detail},
 * {@code error_code} and, for bad input, {@code field}. Nothing of a stack trace or an internal class name reaches
 * the client; unexpected errors are logged with a reference the client is given.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> api(ApiException e) {
        return problem(e.code(), e.field(), e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        if (isDatabaseUnreachable(e)) {
            log.warn("the database cannot be reached: {}", e.getMessage());
            return problem(
                    ErrorCode.UNAVAILABLE,
                    null,
                    "the registry cannot reach its database (PostgreSQL); try again shortly");
        }
        String reference = UUID.randomUUID().toString();
        log.error("unexpected error, reference {}", reference, e);
        return problem(
                ErrorCode.INTERNAL,
                null,
                "the registry failed to handle the request; its log has the details under reference " + reference);
    }

    /** No connection to PostgreSQL (Hikari's timeout), however Spring wrapped it: for a query or a transaction. */
    private static boolean isDatabaseUnreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof CannotGetJdbcConnectionException
                    || t instanceof CannotCreateTransactionException
                    || (t instanceof SQLException sql
                            && sql.getSQLState() != null
                            && sql.getSQLState().startsWith("08"))) { // SQLSTATE class 08: connection exception
                return true;
            }
        }
        return false;
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = e.getPropertyName();
        String expected = e.getRequiredType() == null ? "another type" : describe(e.getRequiredType());
        return problem(
                ErrorCode.INVALID_ARGUMENT, field, field + " must be " + expected + ", got '" + e.getValue() + "'");
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return problem(ErrorCode.INVALID_ARGUMENT, e.getParameterName(), e.getParameterName() + " is required");
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(
            MissingServletRequestPartException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return problem(
                ErrorCode.INVALID_ARGUMENT,
                e.getRequestPartName(),
                "multipart part '" + e.getRequestPartName() + "' is required");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return problem(ErrorCode.INVALID_ARGUMENT, null, JsonProblems.describe(e));
    }

    /** Spring's own exceptions (405, 406, 413, 415 …): keep its status and detail, add our fields. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            ErrorCode code = ErrorCode.forStatus(problem.getStatus());
            problem.setType(java.net.URI.create(code.typeUri()));
            problem.setProperty("error_code", code.name());
        }
        return response;
    }

    static ResponseEntity<Object> problem(ErrorCode code, String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
        problem.setType(java.net.URI.create(code.typeUri()));
        problem.setTitle(code.status().getReasonPhrase());
        problem.setProperty("error_code", code.name());
        if (field != null) {
            problem.setProperty("field", field);
        }
        return ResponseEntity.status(code.status()).body(problem);
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return "a " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
