package dev.kiln.infra.cli.client;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --url} and {@code --api-key}, shared by every command that talks to the gateway. The URL is {@code --url},
 * else {@code KILN_URL}, else the local stack's gateway ({@code http://127.0.0.1:$KILN_GATEWAY_PORT}, 8080 by
 * default). The key is {@code --api-key}, else {@code KILN_API_KEY}, else the file {@code $KILN_HOME/api-key} that
 * {@code kiln up} writes.
 */
public final class GatewayOptions {
    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "The gateway (default: $KILN_URL, else http://127.0.0.1:8080 or $KILN_GATEWAY_PORT).")
    String url;

    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            description = "The API key (default: $KILN_API_KEY, else the file $KILN_HOME/api-key of the local stack).")
    String apiKey;

    /** A client for the gateway these options name, reading defaults from the process environment. */
    public GatewayClient client() {
        return client(System.getenv());
    }

    GatewayClient client(Map<String, String> env) {
        return new GatewayClient(baseUri(env), key(env));
    }

    URI baseUri(Map<String, String> env) {
        String value = url != null ? url : env.get("KILN_URL");
        if (value == null || value.isBlank()) {
            String port = env.getOrDefault("KILN_GATEWAY_PORT", "8080").strip();
            value = "http://127.0.0.1:" + port;
        }
        value = value.strip();
        URI uri;
        try {
            uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("'" + value + "' is not a URL; give the gateway as --url http://host:8080");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw CliFailure.usage("'" + value + "' is not an http(s) URL; give the gateway as --url http://host:8080");
        }
        return uri;
    }

    ApiKey key(Map<String, String> env) {
        if (apiKey != null && !apiKey.isBlank()) {
            return new ApiKey(apiKey.strip(), "--api-key");
        }
        String fromEnv = env.get("KILN_API_KEY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new ApiKey(fromEnv.strip(), "KILN_API_KEY");
        }
        Path home = Path.of(env.getOrDefault("KILN_HOME", System.getProperty("user.home") + "/.kiln"));
        Path file = home.resolve("api-key");
        if (Files.isReadable(file)) {
            try {
                String token = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!token.isEmpty()) {
                    return new ApiKey(token, file.toString());
                }
            } catch (IOException e) {
                // treated as no key: the gateway's 401 then says what to do
            }
        }
        return new ApiKey(null, file.toString());
    }

    /**
     * The key to send and where it came from, for messages.
     *
     * @param token the key, or null when none was found
     * @param source {@code --api-key}, {@code KILN_API_KEY} or the file it was read from (or looked for)
     */
    public record ApiKey(String token, String source) {
        boolean present() {
            return token != null;
        }

        @Override
        public String toString() {
            return "ApiKey[" + source + "]";
        }
    }
}
