package dev.kiln.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresEndpointTests {

    @Test
    void readsAUrlWithCredentials() {
        PostgresEndpoint e =
                PostgresEndpoint.parse("KILN_POSTGRES_URL", "postgresql://kiln:s%40cret@db.local:6543/kiln");
        assertThat(e.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:6543/kiln");
        assertThat(e.user()).isEqualTo("kiln");
        assertThat(e.password()).isEqualTo("s@cret");
        assertThat(e.toString()).doesNotContain("s@cret");
    }

    @Test
    void readsAJdbcUrlWithQueryCredentialsAndKeepsOtherParameters() {
        PostgresEndpoint e = PostgresEndpoint.parse(
                "KILN_POSTGRES_URL", "jdbc:postgresql://localhost/kiln?user=a&password=b&sslmode=require");
        assertThat(e.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/kiln?sslmode=require");
        assertThat(e.user()).isEqualTo("a");
        assertThat(e.password()).isEqualTo("b");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not a url",
                "mysql://localhost/kiln",
                "postgresql:///kiln",
                "postgresql://host",
                "postgresql://host/a/b"
            })
    void refusesAMalformedUrlNamingTheSettingAndTheExpectedForm(String bad) {
        assertThatThrownBy(() -> PostgresEndpoint.parse("KILN_POSTGRES_URL", bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("KILN_POSTGRES_URL '" + bad + "' is not usable")
                .hasMessageContaining("expected postgresql://user:password@host:5432/database");
    }
}
