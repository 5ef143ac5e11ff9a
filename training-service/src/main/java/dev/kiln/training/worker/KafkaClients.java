package dev.kiln.training.worker;

import dev.kiln.training.config.TrainingProperties;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/** The worker's two Kafka consumers: the job queue (in the shared group) and the control topic (no group). */
@Component
class KafkaClients {
    private final String bootstrapServers;
    private final TrainingProperties properties;
    private final WorkerContext worker;

    KafkaClients(KafkaProperties kafka, TrainingProperties properties, WorkerContext worker) {
        this.bootstrapServers = String.join(",", kafka.getBootstrapServers());
        this.properties = properties;
        this.worker = worker;
    }

    String groupId() {
        return properties.groupId();
    }

    /**
     * One record per poll, committed by hand when the job has an outcome; a short session so a dead worker's jobs
     * move within seconds; cooperative rebalancing so a worker joining does not stop the jobs of the others.
     */
    KafkaConsumer<String, byte[]> jobConsumer() {
        Map<String, Object> config = common();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, worker.workerId() + "-jobs");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        int session = Math.toIntExact(properties.sessionTimeout().toMillis());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, session);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(500, session / 4));
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return new KafkaConsumer<>(config);
    }

    /** Reads the control topic from its start, without a group: every worker sees every event. */
    KafkaConsumer<String, byte[]> controlConsumer() {
        Map<String, Object> config = common();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, worker.workerId() + "-control");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config);
    }

    private Map<String, Object> common() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }
}
