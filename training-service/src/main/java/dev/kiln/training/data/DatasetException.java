package dev.kiln.training.data;

/**
 * A data set cannot be used as it is: a missing or corrupt file, labels out of range, samples of the wrong shape.
 * Another attempt would fail the same way; the message says which file and what is wrong.
 */
public class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
