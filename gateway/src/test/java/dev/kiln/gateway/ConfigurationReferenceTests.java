package dev.kiln.gateway;

import dev.kiln.infra.docs.ConfigurationReference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/operations.md lists every {@code kiln.gateway.*} property as the configuration processor describes it. */
class ConfigurationReferenceTests {
    @Test
    void operationsGuideDescribesEveryConfigurationPropertyOfThisService() throws Exception {
        ConfigurationReference.verify(
                "gateway",
                "kiln.gateway",
                Path.of("target/classes/META-INF/spring-configuration-metadata.json"),
                Path.of("../docs/operations.md"));
    }
}
