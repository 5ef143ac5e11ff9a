package dev.kiln.training.storage;

/** Object storage could not be reached or refused a request; another attempt may succeed. */
public class StorageUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
