package dev.kiln.inference.error;

/**
 * The one error vocabulary of the inference core; each edge maps it once (REST status and problem body, gRPC
 * {@code Status}).
 */
public enum ErrorCode {
    /** The request is wrong: a name, datatype, shape, value or size the model does not take. */
    INVALID_ARGUMENT,
    /** No such model, version or alias. */
    NOT_FOUND,
    /** A queue is full; the client should retry a little later. */
    RESOURCE_EXHAUSTED,
    /** The model cannot be served right now (it failed to load, or the registry or storage is down). */
    UNAVAILABLE,
    /** A fault of the server. */
    INTERNAL
}
