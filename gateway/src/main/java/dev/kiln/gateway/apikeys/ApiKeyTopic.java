package dev.kiln.gateway.apikeys;

/** The gateway's own topic: API keys, compacted, keyed by key id. Only gateways read and write it. */
public final class ApiKeyTopic {
    public static final String NAME = "api-keys";

    private ApiKeyTopic() {}
}
