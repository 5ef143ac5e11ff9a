package dev.kiln.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole platform started with {@code ./kiln up --detach}, as a user starts it: every service healthy, a message
 * across Kafka, an object across S3, and after {@code ./kiln down} and {@code ./kiln up} the data still there.
 */
class LocalStackEndToEndTests {
    private static final Path REPOSITORY =
            Path.of(System.getProperty("kiln.repository", "..")).toAbsolutePath();
    private static final String TOPIC = "e2e-check";

    @TempDir
    Path home;

    private KilnScript kiln;

    @AfterEach
    void stop() throws Exception {
        if (kiln != null) {
            kiln.run("down");
        }
    }

    @Test
    void startsHealthyCarriesMessagesAndObjectsAndKeepsThemAcrossARestart() throws Exception {
        kiln = new KilnScript(REPOSITORY, home);
        KilnScript.Result up = kiln.run("up", "--detach");
        System.out.println(up.stdout());
        assertThat(up.exitCode()).as(up.stdout() + up.stderr()).isZero();
        assertThat(up.stdout())
                .containsPattern("Kiln is up in \\d+\\.\\d s\\. Dashboard: http://127\\.0\\.0\\.1:\\d+/");
        assertThat(up.stdout()).containsPattern("memory of the whole stack: \\d+ MiB resident");

        KilnScript.Result status = kiln.run("status");
        assertThat(status.exitCode()).as(status.stdout()).isZero();
        for (String service : List.of("gateway", "model-registry", "training-service", "inference-service")) {
            assertThat(status.stdout()).containsPattern(service + "\\s+healthy");
        }
        assertThat(http("http://127.0.0.1:" + kiln.port("GATEWAY") + "/").body())
                .contains("<title>Kiln</title>");
        assertThat(http("http://127.0.0.1:" + kiln.port("GATEWAY") + "/actuator/health")
                        .body())
                .contains("\"status\":\"UP\"");
        assertThat(Files.getPosixFilePermissions(home.resolve("secrets.properties")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        String message = "message " + UUID.randomUUID();
        byte[] object = ("object " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        produce(message);
        assertThat(consumeAll()).contains(message);
        s3().putObject(PutObjectArgs.builder().bucket("kiln").object("e2e/object.txt").stream(
                        new ByteArrayInputStream(object), object.length, -1)
                .build());

        int migrations = appliedMigrations();
        assertThat(migrations).isPositive();

        assertThat(kiln.run("down").exitCode()).isZero();
        assertThat(kiln.run("status").exitCode()).isEqualTo(3);

        KilnScript.Result again = kiln.run("up", "--detach");
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        System.out.println(again.stdout());
        assertThat(consumeAll()).contains(message);
        try (var in = s3().getObject(GetObjectArgs.builder()
                .bucket("kiln")
                .object("e2e/object.txt")
                .build())) {
            assertThat(in.readAllBytes()).isEqualTo(object);
        }
        assertThat(appliedMigrations())
                .as("the schema is kept, not migrated again")
                .isEqualTo(migrations);
    }

    @Test
    void aSecondUpWhileRunningIsRefusedInOneLine() throws Exception {
        kiln = new KilnScript(REPOSITORY, home);
        KilnScript.Result first = kiln.run("up", "--detach");
        assertThat(first.exitCode()).as(first.stdout() + first.stderr()).isZero();
        KilnScript.Result second = kiln.run("up");
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.stderr().strip()).startsWith("kiln: Kiln is already running from " + home);
        assertThat(second.stderr().strip().lines()).hasSize(1);
    }

    private int appliedMigrations() throws Exception {
        try (var c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + kiln.port("POSTGRES") + "/kiln", "postgres", "");
                var rs = c.createStatement().executeQuery("select count(*) from flyway_schema_history where success")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void produce(String message) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(TOPIC, "k", message)).get();
        }
    }

    private List<String> consumeAll() {
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }

    private String bootstrap() {
        return "127.0.0.1:" + kiln.port("KAFKA");
    }

    private MinioClient s3() throws Exception {
        Properties secrets = new Properties();
        try (Reader r = Files.newBufferedReader(home.resolve("secrets.properties"))) {
            secrets.load(r);
        }
        return MinioClient.builder()
                .endpoint("http://127.0.0.1:" + kiln.port("S3"))
                .credentials(secrets.getProperty("s3.access-key"), secrets.getProperty("s3.secret-key"))
                .build();
    }

    private static HttpResponse<String> http(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
