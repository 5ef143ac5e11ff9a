package dev.kiln.gateway.apikeys;

/** The outcome of checking a presented key: a caller, or why not (for a 401 / UNAUTHENTICATED). */
public sealed interface Authentication {
    record Authenticated(Caller caller) implements Authentication {}

    record Rejected(String reason) implements Authentication {}
}
