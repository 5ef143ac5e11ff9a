package dev.kiln.registry.outbox;

import dev.kiln.contracts.messaging.CorrelationId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends unpublished outbox rows to Kafka in id order, then marks them published, all in one database transaction: a
 * failed send rolls the marks back, so the rows go again (at least once; consumers de-duplicate on event id). A
 * PostgreSQL advisory lock lets only one registry replica publish at a time, which keeps the id order on the topic;
 * within a model, ids follow commit order because every change of a model locks its row first.
 */
@Component
class OutboxPublisher implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);
    private static final long ADVISORY_LOCK_KEY = 0x6b696c6e_6f757462L; // "kilnoutb"
    private static final int BATCH = 100;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final ExecutorService trigger = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-trigger"));
    private final AtomicBoolean triggerQueued = new AtomicBoolean();

    OutboxPublisher(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, byte[]> kafka) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
    }

    /** Publishes on another thread as soon as possible (called after a commit that appended events). */
    void publishSoon() {
        if (triggerQueued.compareAndSet(false, true)) {
            trigger.execute(() -> {
                triggerQueued.set(false);
                publishPendingQuietly();
            });
        }
    }

    @Scheduled(fixedDelayString = "${kiln.registry.outbox.poll-interval-ms:200}")
    void poll() {
        publishPendingQuietly();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void purgePublished() {
        int purged = jdbc.sql("delete from outbox_events where published_at < now() - interval '7 days'")
                .update();
        if (purged > 0) {
            log.info("purged {} outbox events published more than 7 days ago", purged);
        }
    }

    private void publishPendingQuietly() {
        try {
            while (publishBatch() == BATCH) {
                // a full batch: there may be more
            }
        } catch (RuntimeException e) {
            log.warn("publishing outbox events failed, will retry: {}", e.toString());
        }
    }

    /** Publishes up to one batch; returns how many rows were sent. */
    synchronized int publishBatch() {
        Integer sent = transactions.execute(status -> {
            Boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(:key)")
                    .param("key", ADVISORY_LOCK_KEY)
                    .query(Boolean.class)
                    .single();
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            List<Row> rows = jdbc.sql("select id, topic, event_key, payload::text as payload, correlation_id"
                            + " from outbox_events where published_at is null order by id limit :batch"
                            + " for update skip locked")
                    .param("batch", BATCH)
                    .query((rs, n) -> new Row(
                            rs.getLong("id"),
                            rs.getString("topic"),
                            rs.getString("event_key"),
                            rs.getString("payload"),
                            rs.getString("correlation_id")))
                    .list();
            List<Long> ids = new ArrayList<>();
            for (Row row : rows) {
                send(row);
                ids.add(row.id());
            }
            if (!ids.isEmpty()) {
                jdbc.sql("update outbox_events set published_at = now() where id in (:ids)")
                        .param("ids", ids)
                        .update();
            }
            return ids.size();
        });
        return sent == null ? 0 : sent;
    }

    private void send(Row row) {
        try {
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(row.topic(), row.key(), row.payload().getBytes(StandardCharsets.UTF_8));
            if (CorrelationId.isValid(row.correlationId())) {
                record.headers()
                        .add(CorrelationId.KAFKA_HEADER, new CorrelationId(row.correlationId()).toHeaderValue());
            }
            kafka.send(record).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing outbox event " + row.id(), e);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish outbox event " + row.id() + " to " + row.topic(), e);
        }
    }

    @Override
    public void destroy() {
        trigger.shutdownNow();
    }

    private record Row(long id, String topic, String key, String payload, String correlationId) {}
}
