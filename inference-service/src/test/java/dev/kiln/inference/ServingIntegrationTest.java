package dev.kiln.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.ModelEvent;
import dev.kiln.inference.api.grpc.GrpcServer;
import dev.kiln.inference.support.FakeRegistry;
import dev.kiln.inference.support.InMemoryCatalog;
import dev.kiln.inference.support.ModelShelf;
import dev.kiln.infra.embedded.S3Endpoint;
import dev.kiln.infra.testing.KilnInfrastructure;
import inference.GRPCInferenceServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inference service as it runs: real Kafka and S3 (from {@link KilnInfrastructure}), ONNX Runtime, Tomcat and the
 * gRPC server, with the model registry's REST contract served by {@link FakeRegistry} (the real registry is exercised
 * end-to-end with this service in the e2e module). All subclasses share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ServingIntegrationTest {
    static final InMemoryCatalog CATALOG = new InMemoryCatalog();
    static final FakeRegistry REGISTRY = startRegistry();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;

    @Autowired
    GrpcServer grpcServer;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    private static ManagedChannel channel;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KilnInfrastructure.endpoints().springProperties("inference").forEach((k, v) -> registry.add(k, () -> v));
        registry.add("kiln.inference.registry-url", REGISTRY::url);
    }

    private static FakeRegistry startRegistry() {
        try {
            return new FakeRegistry(CATALOG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers models in the fake registry with their files in the real S3 bucket. */
    static ModelShelf shelf() {
        S3Endpoint s3 = KilnInfrastructure.endpoints().s3();
        return ModelShelf.onS3(CATALOG, s3);
    }

    /** A client stub generated from KServe's own grpc_predict_v2.proto (src/test/proto, package inference). */
    GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub grpc() {
        synchronized (ServingIntegrationTest.class) {
            if (channel == null || channel.isShutdown()) {
                channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.port())
                        .usePlaintext()
                        .build();
            }
        }
        return GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void closeChannel() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            channel = null;
        }
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String json) throws Exception {
        return post(path, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Waits until this replica's model-events consumer has its partitions, so an event sent now is seen. */
    void awaitEventsListening() throws InterruptedException {
        var container = listeners.getListenerContainer("model-events");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((container.getAssignedPartitions() == null
                        || container.getAssignedPartitions().isEmpty())
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(container.getAssignedPartitions()).isNotEmpty();
        Thread.sleep(500); // the first poll after assignment sets the positions to the end
    }

    static void publish(ModelEvent event) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KilnInfrastructure.endpoints().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(Topics.MODEL_EVENTS, event.modelName(), EventCodec.toJson(event)))
                    .get(10, TimeUnit.SECONDS);
        }
    }
}
