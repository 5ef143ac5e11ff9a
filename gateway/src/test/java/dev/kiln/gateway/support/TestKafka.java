package dev.kiln.gateway.support;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.WorkerHeartbeat;
import dev.kiln.infra.testing.KilnInfrastructure;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Real Kafka for gateway tests: the topics the gateway follows, and a producer of job events and heartbeats. */
public final class TestKafka {
    private static KafkaProducer<String, byte[]> producer;

    private TestKafka() {}

    public static String bootstrap() {
        return KilnInfrastructure.endpoints().kafkaBootstrapServers();
    }

    /** Creates training-job-events (4 partitions) and worker-heartbeats (compacted) unless they exist. */
    public static synchronized void ensureTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            create(admin, new NewTopic(Topics.TRAINING_JOB_EVENTS, Optional.of(4), Optional.empty()));
            create(
                    admin,
                    new NewTopic(Topics.WORKER_HEARTBEATS, Optional.of(1), Optional.empty())
                            .configs(Map.of("cleanup.policy", "compact")));
        }
    }

    private static void create(Admin admin, NewTopic topic) throws Exception {
        try {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    public static void publish(JobEvent event) throws Exception {
        producer()
                .send(new ProducerRecord<>(Topics.TRAINING_JOB_EVENTS, event.jobId(), EventCodec.toBytes(event)))
                .get(10, TimeUnit.SECONDS);
    }

    public static void publish(WorkerHeartbeat heartbeat) throws Exception {
        producer()
                .send(new ProducerRecord<>(
                        Topics.WORKER_HEARTBEATS, heartbeat.workerId(), EventCodec.toBytes(heartbeat)))
                .get(10, TimeUnit.SECONDS);
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap(),
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.LINGER_MS_CONFIG,
                    0,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class));
        }
        return producer;
    }
}
