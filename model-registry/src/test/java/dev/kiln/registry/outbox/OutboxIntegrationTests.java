package dev.kiln.registry.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.KilnEvent;
import dev.kiln.contracts.events.ModelVersionDeleted;
import dev.kiln.registry.KafkaFixture;
import dev.kiln.registry.RegistryIntegrationTestBase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

class OutboxIntegrationTests extends RegistryIntegrationTestBase {
    @Autowired
    Outbox outbox;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void eventOfARolledBackTransactionIsNeverPublishedAndACommittedOneIs() {
        String model = "outbox-" + UUID.randomUUID();
        transactions.executeWithoutResult(status -> {
            outbox.append(Topics.MODEL_EVENTS, model, ModelVersionDeleted.of(model, 1));
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(
                status -> outbox.append(Topics.MODEL_EVENTS, model, ModelVersionDeleted.of(model, 2)));

        List<KilnEvent> events =
                KafkaFixture.awaitEvents(Topics.MODEL_EVENTS, model, 1, e -> true, Duration.ofSeconds(20));
        assertThat(events).extracting(e -> ((ModelVersionDeleted) e).version()).containsExactly(2);
    }

    @Test
    void eventCommittedButNotYetSentIsPublishedByThePoll() {
        // As if the process died between its commit and the after-commit send.
        String model = "orphan-" + UUID.randomUUID();
        Long id = jdbc.sql("insert into outbox_events (topic, event_key, payload) values (:topic, :key,"
                        + " cast(:payload as jsonb)) returning id")
                .param("topic", Topics.MODEL_EVENTS)
                .param("key", model)
                .param("payload", EventCodec.toJson(ModelVersionDeleted.of(model, 7)))
                .query(Long.class)
                .single();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.sql("select published_at is not null from outbox_events where id = :id")
                        .param("id", id)
                        .query(Boolean.class)
                        .single());
        assertThat(KafkaFixture.awaitEvents(Topics.MODEL_EVENTS, model, 1, e -> true, Duration.ofSeconds(20)))
                .singleElement()
                .extracting(e -> ((ModelVersionDeleted) e).version())
                .isEqualTo(7);
    }

    @Test
    void appendingOutsideATransactionIsAMistake() {
        assertThatThrownBy(() -> outbox.append(Topics.MODEL_EVENTS, "m", ModelVersionDeleted.of("m", 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside the transaction");
    }
}
