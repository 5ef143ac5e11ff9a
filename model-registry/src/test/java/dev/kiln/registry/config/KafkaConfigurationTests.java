package dev.kiln.registry.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.util.backoff.BackOffExecution;

class KafkaConfigurationTests {

    @Test
    void aDatabaseOutageIsRetriedWithoutLimitInsteadOfDeadLettered() {
        var noConnection = new ListenerExecutionFailedException(
                "listener failed",
                new CannotGetJdbcConnectionException(
                        "Failed to obtain JDBC Connection",
                        new SQLTransientConnectionException("HikariPool-1 - Connection is not available")));
        assertThat(KafkaConfiguration.databaseUnavailable(noConnection)).isTrue();

        BackOffExecution retries = KafkaConfiguration.UNTIL_THE_DATABASE_IS_BACK.start();
        for (int i = 0; i < 10_000; i++) {
            assertThat(retries.nextBackOff()).isEqualTo(5_000L);
        }
    }

    @Test
    void otherFailuresKeepTheBoundedRetriesAndTheDeadLetterTopic() {
        assertThat(KafkaConfiguration.databaseUnavailable(
                        new ListenerExecutionFailedException("listener failed", new IllegalStateException("bad data"))))
                .isFalse();
        assertThat(KafkaConfiguration.databaseUnavailable(new IllegalArgumentException("no")))
                .isFalse();
    }
}
