package dev.kiln.registry.storage;

/** The object store failed or could not be reached; usually worth retrying. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
