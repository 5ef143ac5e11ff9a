package dev.kiln.training;

import dev.kiln.infra.docs.ConfigurationReference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/operations.md lists every {@code kiln.training.*} property as the configuration processor describes it. */
class ConfigurationReferenceTests {
    @Test
    void operationsGuideDescribesEveryConfigurationPropertyOfThisService() throws Exception {
        ConfigurationReference.verify(
                "training-service",
                "kiln.training",
                Path.of("target/classes/META-INF/spring-configuration-metadata.json"),
                Path.of("../docs/operations.md"));
    }
}
