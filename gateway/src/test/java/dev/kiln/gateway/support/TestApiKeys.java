package dev.kiln.gateway.support;

import dev.kiln.gateway.apikeys.ApiKeyTokens;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fixed bootstrap admin key for tests, passed to the gateway the way the local launcher does (id and sha256 only).
 * A test class registers it with {@link #register} and sends {@link #ADMIN_BEARER}.
 */
public final class TestApiKeys {
    public static final String ADMIN_ID = "testadmin";
    public static final String ADMIN_SECRET = "test-admin-secret-not-for-production";
    public static final String ADMIN_TOKEN = "kiln_" + ADMIN_ID + "_" + ADMIN_SECRET;
    public static final String ADMIN_BEARER = "Bearer " + ADMIN_TOKEN;

    private TestApiKeys() {}

    public static void register(DynamicPropertyRegistry props) {
        props.add("kiln.gateway.bootstrap-admin-key-id", () -> ADMIN_ID);
        props.add("kiln.gateway.bootstrap-admin-key-sha256", () -> ApiKeyTokens.sha256Hex(ADMIN_SECRET));
    }
}
