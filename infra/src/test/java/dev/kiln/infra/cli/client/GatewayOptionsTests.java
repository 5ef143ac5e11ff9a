package dev.kiln.infra.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CLI finds the gateway and the API key: flag, then environment, then the local stack's files. */
class GatewayOptionsTests {
    @TempDir
    Path home;

    @Test
    void keyComesFromTheFlagThenKilnApiKeyThenTheLocalStacksFile() throws Exception {
        Files.writeString(home.resolve("api-key"), "kiln_abc_fromfile\n");
        GatewayOptions options = new GatewayOptions();
        Map<String, String> env = Map.of("KILN_HOME", home.toString(), "KILN_API_KEY", "kiln_abc_fromenv");

        assertThat(options.key(Map.of("KILN_HOME", home.toString())))
                .isEqualTo(new GatewayOptions.ApiKey(
                        "kiln_abc_fromfile", home.resolve("api-key").toString()));
        assertThat(options.key(env)).isEqualTo(new GatewayOptions.ApiKey("kiln_abc_fromenv", "KILN_API_KEY"));
        options.apiKey = "kiln_abc_fromflag";
        assertThat(options.key(env)).isEqualTo(new GatewayOptions.ApiKey("kiln_abc_fromflag", "--api-key"));
    }

    @Test
    void noKeyAnywhereIsSentWithoutOneAndNamesTheFileItLookedFor() {
        GatewayOptions.ApiKey key = new GatewayOptions().key(Map.of("KILN_HOME", home.toString()));
        assertThat(key.present()).isFalse();
        assertThat(key.source()).isEqualTo(home.resolve("api-key").toString());
        assertThat(new GatewayClient(java.net.URI.create("http://127.0.0.1:1"), key)
                        .refusal(401, "{\"detail\":\"this request needs an API key\"}", "/api/v1/jobs")
                        .getMessage())
                .isEqualTo("the gateway wants an API key (401) and none was found: pass --api-key, set KILN_API_KEY,"
                        + " or start the local stack (./kiln up), which writes " + home.resolve("api-key"));
    }

    @Test
    void urlComesFromTheFlagThenKilnUrlThenTheLocalGatewayPort() {
        GatewayOptions options = new GatewayOptions();
        assertThat(options.baseUri(Map.of())).hasToString("http://127.0.0.1:8080");
        assertThat(options.baseUri(Map.of("KILN_GATEWAY_PORT", "18080"))).hasToString("http://127.0.0.1:18080");
        assertThat(options.baseUri(Map.of("KILN_URL", "https://kiln.example.com/", "KILN_GATEWAY_PORT", "18080")))
                .hasToString("https://kiln.example.com");
        options.url = "http://10.0.0.5:8080";
        assertThat(options.baseUri(Map.of("KILN_URL", "https://kiln.example.com")))
                .hasToString("http://10.0.0.5:8080");
    }

    @Test
    void aUrlThatIsNotHttpIsAUsageError() {
        GatewayOptions options = new GatewayOptions();
        options.url = "localhost:8080";
        assertThatThrownBy(() -> options.baseUri(Map.of()))
                .isInstanceOf(CliFailure.class)
                .hasMessage("'localhost:8080' is not an http(s) URL; give the gateway as --url http://host:8080")
                .extracting(e -> ((CliFailure) e).exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }
}
