package dev.kiln.registry.storage;

/** The object store has no object under the key; retrying will not help. */
public class MissingObjectException extends RuntimeException {
    private final String key;

    public MissingObjectException(String key) {
        super("object " + key + " does not exist");
        this.key = key;
    }

    public String key() {
        return key;
    }
}
