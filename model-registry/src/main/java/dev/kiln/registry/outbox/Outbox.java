package dev.kiln.registry.outbox;

import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.KilnEvent;
import dev.kiln.contracts.messaging.CorrelationId;
import org.slf4j.MDC;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactional outbox: an event appended here is written to {@code outbox_events} in the caller's transaction
 * and published to Kafka only after that transaction commits (right after commit, or by the next poll if the process
 * dies first). A rolled-back change therefore announces nothing, and a committed one is never left unannounced.
 * The correlation id in the logging MDC of the appending thread (the request's, or the job event's being handled)
 * is kept with the event and published as its {@code kiln-correlation-id} header.
 */
@Component
public class Outbox {
    private final JdbcClient jdbc;
    private final OutboxPublisher publisher;

    Outbox(JdbcClient jdbc, OutboxPublisher publisher) {
        this.jdbc = jdbc;
        this.publisher = publisher;
    }

    /**
     * Appends an event to be published on {@code topic} under {@code key}.
     *
     * @throws IllegalStateException outside a transaction, where "after commit" would mean nothing
     */
    public void append(String topic, String key, KilnEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("outbox events must be appended inside the transaction they announce");
        }
        String correlationId = MDC.get(CorrelationId.MDC_KEY);
        jdbc.sql("insert into outbox_events (topic, event_key, payload, correlation_id)"
                        + " values (:topic, :key, cast(:payload as jsonb), :correlationId)")
                .param("topic", topic)
                .param("key", key)
                .param("payload", EventCodec.toJson(event))
                .param("correlationId", CorrelationId.isValid(correlationId) ? correlationId : null)
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                publisher.publishSoon();
            }
        });
    }
}
