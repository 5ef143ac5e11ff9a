package dev.kiln.gateway.apikeys;

/**
 * Who is calling: the API key that was presented and checked.
 *
 * @param key the key's record (never revoked)
 * @param token the key as presented, passed on only to the gateway itself (gRPC calls that run the REST path)
 */
public record Caller(ApiKey key, String token) {
    public boolean allows(Scope scope) {
        return key.allows(scope);
    }

    @Override
    public String toString() {
        return "Caller[" + key.id() + "]";
    }
}
