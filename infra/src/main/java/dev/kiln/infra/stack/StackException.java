package dev.kiln.infra.stack;

/** A problem that stops the local stack, with a one-line message that says what to change. */
public class StackException extends Exception {
    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
