package dev.kiln.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.infra.embedded.PostgresEndpoint;
import dev.kiln.infra.embedded.S3Credentials;
import dev.kiln.infra.embedded.S3Endpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceDefinitionsTests {
    private static final S3Endpoint S3 =
            new S3Endpoint("http://127.0.0.1:9000", new S3Credentials("kiln", "s3-secret"), "kiln");
    private static final PostgresEndpoint POSTGRES =
            new PostgresEndpoint("jdbc:postgresql://127.0.0.1:5433/kiln", "postgres", "");
    private static final AdminApiKey KEY = new AdminApiKey("0a1b2c3d4e5f", "ab".repeat(32), "kiln_0a1b2c3d4e5f_secret");

    @Test
    void everyServiceListensOnLoopbackUnlessTheBindAddressSaysOtherwise() throws Exception {
        for (String address : List.of("127.0.0.1", "0.0.0.0", "192.168.7.7")) {
            Map<String, String> env = address.equals("127.0.0.1")
                    ? Map.of("KILN_HOME", "/tmp/kiln-home")
                    : Map.of("KILN_HOME", "/tmp/kiln-home", "KILN_BIND_ADDRESS", address);
            StackSettings settings = StackSettings.fromEnvironment(env, Path.of("."));

            List<ServiceDefinition> services = ServiceDefinitions.all(settings, "127.0.0.1:9092", S3, POSTGRES, KEY);

            assertThat(services).hasSize(4).allSatisfy(service -> assertThat(service.environment())
                    .as(service.name())
                    .containsEntry("SERVER_ADDRESS", address));
        }
    }

    @Test
    void theGatewayGetsOnlyTheAdminKeysIdAndHashNotTheKey() throws Exception {
        StackSettings settings = StackSettings.fromEnvironment(Map.of("KILN_HOME", "/tmp/kiln-home"), Path.of("."));
        for (ServiceDefinition service : ServiceDefinitions.all(settings, "127.0.0.1:9092", S3, POSTGRES, KEY)) {
            assertThat(service.environment().values()).as(service.name()).noneMatch(v -> v.contains(KEY.token()));
            assertThat(String.join(" ", service.javaOptions())).doesNotContain("s3-secret");
        }
    }
}
