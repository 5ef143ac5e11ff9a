package dev.kiln.registry.config;

import dev.kiln.contracts.Topics;
import dev.kiln.registry.jobs.UnreadableEventException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The topics the registry reads and writes (created when missing, with the partition count the other services use),
 * and the one error handler: bounded retries with back-off, then the record goes to {@code <topic>-dlt}. A record
 * that is not an event goes there at once. While the database cannot be reached the record is retried until it can:
 * the event is fine, so it must not end in the dead-letter topic (and out of the projection) because of an outage.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {
    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);
    static final int PARTITIONS = 4;

    @Bean
    KafkaAdmin.NewTopics registryTopics() {
        return new KafkaAdmin.NewTopics(
                topic(Topics.TRAINING_JOB_EVENTS),
                topic(Topics.TRAINING_JOBS_CPU),
                topic(Topics.TRAINING_JOBS_GPU),
                topic(Topics.MODEL_EVENTS),
                topic(Topics.deadLetter(Topics.TRAINING_JOB_EVENTS)),
                topic(Topics.deadLetter(Topics.TRAINING_JOBS_CPU)),
                topic(Topics.deadLetter(Topics.TRAINING_JOBS_GPU)));
    }

    private static NewTopic topic(String name) {
        return TopicBuilder.name(name).partitions(PARTITIONS).build();
    }

    @Bean
    CommonErrorHandler kafkaErrorHandler(KafkaTemplate<String, byte[]> template) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                template,
                (record, e) -> new org.apache.kafka.common.TopicPartition(
                        Topics.deadLetter(record.topic()), record.partition()));
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(60_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(
                (record, e) -> {
                    log.warn(
                            "giving up on {}-{}@{} (key {}), sending it to {}: {}",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            record.key(),
                            Topics.deadLetter(record.topic()),
                            e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                    recoverer.accept(record, e);
                },
                backOff);
        handler.addNotRetryableExceptions(UnreadableEventException.class);
        handler.setBackOffFunction((record, e) -> databaseUnavailable(e) ? UNTIL_THE_DATABASE_IS_BACK : null);
        return handler;
    }

    /** Every 5 s, without limit: the partition waits (nothing is skipped) and catches up once the database is back. */
    static final BackOff UNTIL_THE_DATABASE_IS_BACK = new FixedBackOff(5_000, FixedBackOff.UNLIMITED_ATTEMPTS);

    /** True when the failure (anywhere in its causes) is the database being unreachable, not the record. */
    static boolean databaseUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
        }
        return false;
    }
}
