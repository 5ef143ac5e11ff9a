package dev.kiln.infra.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives integration tests real Kafka, PostgreSQL and S3, resolved per part in this order:
 * endpoints from the environment ({@code KILN_TEST_KAFKA_BOOTSTRAP_SERVERS}, {@code KILN_TEST_POSTGRES_URL},
 * {@code KILN_TEST_S3_ENDPOINT} with {@code KILN_TEST_S3_ACCESS_KEY}/{@code _SECRET_KEY}/{@code _BUCKET});
 * Testcontainers where a Docker engine answers; otherwise the same embedded parts as {@code ./kiln up}. It never
 * skips a test. The parts are started once per JVM, on first use, and stopped when the JVM exits.
 *
 * <p>Use it as {@code @ExtendWith(KilnInfrastructure.class)} with an {@link InfrastructureEndpoints} parameter, or
 * call {@link #endpoints()} from a {@code @DynamicPropertySource} method.
 */
public final class KilnInfrastructure implements ParameterResolver {

    public static InfrastructureEndpoints endpoints() {
        return SharedInfrastructure.get();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == InfrastructureEndpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return endpoints();
    }
}
