package dev.kiln.inference.error;

/** A failure of the inference core, with its {@link ErrorCode} and a message that says what would be right. */
public class InferenceException extends RuntimeException {
    private final ErrorCode code;

    public InferenceException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public InferenceException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static InferenceException invalid(String message) {
        return new InferenceException(ErrorCode.INVALID_ARGUMENT, message);
    }

    public static InferenceException notFound(String message) {
        return new InferenceException(ErrorCode.NOT_FOUND, message);
    }

    public static InferenceException unavailable(String message, Throwable cause) {
        return new InferenceException(ErrorCode.UNAVAILABLE, message, cause);
    }

    public static InferenceException internal(String message, Throwable cause) {
        return new InferenceException(ErrorCode.INTERNAL, message, cause);
    }

    /** The failure inside a future's wrapper ({@code CompletionException}, {@code ExecutionException}). */
    public static RuntimeException unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException
                        || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return internal(cause.toString(), cause);
    }
}
