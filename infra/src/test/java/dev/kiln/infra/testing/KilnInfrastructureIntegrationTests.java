package dev.kiln.infra.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.GetObjectArgs;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KilnInfrastructure.class)
class KilnInfrastructureIntegrationTests {

    @Test
    void aMessageCrossesKafka(InfrastructureEndpoints infra) throws Exception {
        String topic = "infra-check-" + UUID.randomUUID();
        String payload = "hello " + UUID.randomUUID();
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "key", payload)).get();
        }
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "infra-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String received = null;
            while (received == null && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (var record : records) {
                    received = record.value();
                }
            }
            assertThat(received).isEqualTo(payload);
        }
    }

    @Test
    void anObjectCrossesS3(InfrastructureEndpoints infra) throws Exception {
        byte[] bytes = ("object " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        var client = infra.s3().client();
        client.putObject(PutObjectArgs.builder().bucket(infra.s3().bucket()).object("checks/a.txt").stream(
                        new ByteArrayInputStream(bytes), bytes.length, -1)
                .build());
        try (var in = client.getObject(GetObjectArgs.builder()
                .bucket(infra.s3().bucket())
                .object("checks/a.txt")
                .build())) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void postgresAnswersSql(InfrastructureEndpoints infra) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        infra.postgres().jdbcUrl(),
                        infra.postgres().user(),
                        infra.postgres().password());
                ResultSet rs = c.createStatement().executeQuery("select current_database(), version()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("kiln");
            assertThat(rs.getString(2)).startsWith("PostgreSQL");
        }
    }

    @Test
    void everyPartSaysWhereItCameFrom(InfrastructureEndpoints infra) {
        assertThat(infra.sources()).containsOnlyKeys("kafka", "postgres", "s3");
        assertThat(infra.sources().values()).allMatch(s -> List.of("environment", "testcontainers", "embedded")
                .contains(s));
    }
}
