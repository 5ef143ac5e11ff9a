package dev.kiln.gateway.apikeys;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** API key records as JSON on the {@code api-keys} topic: {@code {id, name, sha256, scopes, created_at, revoked_at}}. */
final class ApiKeyCodec {
    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ApiKeyCodec() {}

    static byte[] toBytes(ApiKey key) {
        return JSON.writeValueAsBytes(key);
    }

    static ApiKey fromBytes(byte[] json) {
        return JSON.readValue(json, ApiKey.class);
    }
}
