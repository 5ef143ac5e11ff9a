package dev.kiln.formats;

/**
 * A model file that cannot be read or does not fit: truncated, corrupt, of the wrong format, or with tensors that do
 * not match the model spec. The message says what was wrong and what would be right; callers show it to the user
 * (REST: 400 INVALID_ARGUMENT) without a stack trace.
 */
public class InvalidArtifactException extends RuntimeException {
    public InvalidArtifactException(String message) {
        super(message);
    }

    public InvalidArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
