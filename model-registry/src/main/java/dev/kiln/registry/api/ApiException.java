package dev.kiln.registry.api;

/**
 * A request that cannot be served, with the error code the client sees and, for bad input, the field at fault. The
 * message is shown to the client as the problem's {@code detail}: say what was wrong and what would be right.
 */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final String field;

    public ApiException(ErrorCode code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public static ApiException invalidArgument(String field, String message) {
        return new ApiException(ErrorCode.INVALID_ARGUMENT, field, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorCode.NOT_FOUND, null, message);
    }

    public static ApiException alreadyExists(String message) {
        return new ApiException(ErrorCode.ALREADY_EXISTS, null, message);
    }

    public static ApiException failedPrecondition(String message) {
        return new ApiException(ErrorCode.FAILED_PRECONDITION, null, message);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(ErrorCode.UNAVAILABLE, null, message);
    }

    public ErrorCode code() {
        return code;
    }

    /** The request field at fault ({@code name}, {@code version}, {@code files[1]} …), or null. */
    public String field() {
        return field;
    }
}
