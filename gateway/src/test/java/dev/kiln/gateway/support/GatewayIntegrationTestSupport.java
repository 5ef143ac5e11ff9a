package dev.kiln.gateway.support;

import dev.kiln.contracts.jobs.v1.JobServiceGrpc;
import dev.kiln.gateway.apikeys.ApiKeyStore;
import dev.kiln.gateway.grpc.GrpcServer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One gateway on real Kafka (KilnInfrastructure) in front of real HTTP servers standing in for the model registry and
 * three inference replicas (two answering, one whose port is closed). Test classes extending it share one Spring
 * context. The gateway has a bootstrap admin key ({@link TestApiKeys}); tests make keys with other scopes through
 * the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class GatewayIntegrationTestSupport {
    public static final String FASHION_MNIST =
            "{\"name\":\"fashion-mnist\",\"format\":\"idx\",\"input_shape\":[1,28,28],"
                    + "\"num_classes\":10,\"class_names\":[\"T-shirt/top\",\"Trouser\",\"Pullover\",\"Dress\",\"Coat\","
                    + "\"Sandal\",\"Shirt\",\"Sneaker\",\"Bag\",\"Ankle boot\"],\"splits\":{\"train\":{\"count\":60000},"
                    + "\"test\":{\"count\":10000}}}";
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final StandInUpstream registry = new StandInUpstream("registry");
    protected static final StandInUpstream inferenceA = new StandInUpstream("inference-a");
    protected static final StandInUpstream inferenceB = new StandInUpstream("inference-b");
    protected static final int closedPort = closedPort();
    protected final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static final String FINISHED_JOB = "{\"id\":\"j-finished\",\"name\":\"done\",\"status\":\"SUCCEEDED\","
            + "\"dataset\":\"fashion-mnist\",\"attempt\":1,\"epochs\":[{\"epoch\":1,\"train_loss\":0.5,"
            + "\"train_accuracy\":0.8,\"val_loss\":null,\"val_accuracy\":null,\"samples_per_second\":9000.0,"
            + "\"seconds\":6.0}],\"test_accuracy\":0.85,\"error\":null,\"created_at\":\"2026-01-01T00:00:00Z\"}";
    public static final String RUNNING_JOB = "{\"id\":\"j-running\",\"name\":\"busy\",\"status\":\"RUNNING\","
            + "\"dataset\":\"fashion-mnist\",\"attempt\":1,\"epochs\":[],\"error\":null}";
    public static final String JOB_LIST = "{\"jobs\":[" + FINISHED_JOB + "],\"next_page_token\":null}";

    static {
        registry.answer("/api/v1/datasets/fashion-mnist", 200, FASHION_MNIST);
        registry.answer("/api/v1/jobs/j-finished", 200, FINISHED_JOB);
        registry.answer("/api/v1/jobs/j-running", 200, RUNNING_JOB);
        registry.answer("/api/v1/jobs", 200, JOB_LIST);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected GrpcServer grpcServer;

    @Autowired
    protected ApiKeyStore keyStore;

    private static ManagedChannel channel;

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry props) {
        props.add("spring.kafka.bootstrap-servers", TestKafka::bootstrap);
        props.add("kiln.gateway.registry-url", registry::url);
        props.add("kiln.gateway.inference-urls[0]", inferenceA::url);
        props.add("kiln.gateway.inference-urls[1]", () -> "http://127.0.0.1:" + closedPort);
        props.add("kiln.gateway.inference-urls[2]", inferenceB::url);
        props.add("kiln.gateway.grpc-port", () -> "0");
        props.add("kiln.gateway.events.keep-alive", () -> "1s");
        TestApiKeys.register(props);
    }

    @BeforeEach
    void awaitKeys() throws Exception {
        TestKafka.ensureTopics();
        if (!keyStore.awaitCaughtUp(Duration.ofSeconds(60))) {
            throw new IllegalStateException("the gateway did not read the api-keys topic within 60 s");
        }
    }

    @AfterAll
    static void closeChannel() {
        if (channel != null) {
            channel.shutdownNow();
            channel = null;
        }
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    protected HttpResponse<String> call(String method, String path, String bearer, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<String> get(String path, String bearer) {
        return call("GET", path, bearer, null);
    }

    /** A new key with these scopes, made through {@code POST /api/v1/api-keys}; returns the whole key. */
    protected String newKey(String name, String... scopes) {
        String list = Arrays.stream(scopes).map(s -> "\"" + s + "\"").collect(Collectors.joining(","));
        HttpResponse<String> created = call(
                "POST",
                "/api/v1/api-keys",
                TestApiKeys.ADMIN_BEARER,
                "{\"name\":\"" + name + "\",\"scopes\":[" + list + "]}");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("could not make a key: " + created.statusCode() + " " + created.body());
        }
        return json(created.body()).get("key").asString();
    }

    protected void revoke(String token) {
        String id = token.substring(5, token.indexOf('_', 5));
        HttpResponse<String> revoked = call("DELETE", "/api/v1/api-keys/" + id, TestApiKeys.ADMIN_BEARER, null);
        if (revoked.statusCode() != 204) {
            throw new IllegalStateException("could not revoke: " + revoked.statusCode() + " " + revoked.body());
        }
    }

    protected static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    protected synchronized JobServiceGrpc.JobServiceBlockingStub jobs(String token) {
        if (channel == null) {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcServer.port())
                    .usePlaintext()
                    .build();
        }
        JobServiceGrpc.JobServiceBlockingStub stub =
                JobServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, java.util.concurrent.TimeUnit.SECONDS);
        if (token == null) {
            return stub;
        }
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
