package dev.kiln.gateway.apikeys;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/**
 * An API key as the {@code api-keys} topic keeps it (keyed by id): never the secret, only its sha256. A revoked key
 * stays on the topic with {@code revoked_at} set, so a replica replaying the topic learns of the revocation too.
 *
 * @param id the key id, the middle part of {@code kiln_<id>_<secret>}
 * @param name what the key is for, for people
 * @param sha256 sha256 of the secret, lower-case hex
 * @param scopes wire names of its scopes
 * @param createdAt when it was made
 * @param revokedAt when it was revoked, or null
 */
public record ApiKey(String id, String name, String sha256, List<String> scopes, Instant createdAt, Instant revokedAt) {

    public ApiKey {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    @JsonIgnore
    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean allows(Scope scope) {
        return scopes.contains(Scope.ADMIN.wire()) || scopes.contains(scope.wire());
    }

    public ApiKey revokedAt(Instant when) {
        return new ApiKey(id, name, sha256, scopes, createdAt, when);
    }
}
