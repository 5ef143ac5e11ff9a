package dev.kiln.gateway.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.gateway.GatewayApplication;
import dev.kiln.gateway.support.GatewayIntegrationTestSupport;
import dev.kiln.gateway.support.TestApiKeys;
import dev.kiln.gateway.support.TestKafka;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** API keys: made once, stored as a hash on Kafka, revoked at once on this replica and on another one. */
class ApiKeysIntegrationTests extends GatewayIntegrationTestSupport {

    @Test
    void aNewKeyIsShownOnceWorksForItsScopesAndIsStoredOnlyAsAHash() throws Exception {
        HttpResponse<String> created =
                call("POST", "/api/v1/api-keys", TestApiKeys.ADMIN_BEARER, "{\"name\":\"ci\",\"scopes\":[\"read\"]}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode key = json(created.body());
        String token = key.get("key").asString();
        String id = key.get("id").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/api-keys/" + id);
        assertThat(token).startsWith("kiln_" + id + "_");

        assertThat(get("/api/v1/workers", "Bearer " + token).statusCode()).isEqualTo(200);
        HttpResponse<String> listed = get("/api/v1/api-keys", TestApiKeys.ADMIN_BEARER);
        assertThat(listed.body()).contains("\"id\":\"" + id + "\"").doesNotContain(token.substring(18));
        assertThat(listed.body()).doesNotContain("sha256");
        HttpResponse<String> one = get("/api/v1/api-keys/" + id, TestApiKeys.ADMIN_BEARER);
        assertThat(json(one.body()).has("key")).isFalse();

        String secret = token.substring(token.indexOf('_', 5) + 1);
        String record = recordOf(id);
        assertThat(record)
                .contains("\"sha256\":\"" + ApiKeyTokens.sha256Hex(secret) + "\"")
                .contains("\"scopes\":[\"read\"]")
                .doesNotContain(secret);
    }

    @Test
    void refusesBadKeyRequestsWithTheReason() {
        HttpResponse<String> scope =
                call("POST", "/api/v1/api-keys", TestApiKeys.ADMIN_BEARER, "{\"name\":\"x\",\"scopes\":[\"write\"]}");
        assertThat(scope.statusCode()).isEqualTo(400);
        assertThat(json(scope.body()).get("detail").asString())
                .contains("\"write\"")
                .contains("read, train");
        HttpResponse<String> name =
                call("POST", "/api/v1/api-keys", TestApiKeys.ADMIN_BEARER, "{\"scopes\":[\"read\"]}");
        assertThat(json(name.body()).get("detail").asString()).contains("name must be");
        HttpResponse<String> forged = call(
                "POST",
                "/api/v1/api-keys",
                TestApiKeys.ADMIN_BEARER,
                "{\"name\":\"ci\\nadmin\",\"scopes\":[\"read\"]}");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(json(forged.body()).get("detail").asString())
                .isEqualTo("name must not contain control characters; found U+000A at index 2. Use printable text,"
                        + " e.g. 'fmnist-mlp'");
        assertThat(call("DELETE", "/api/v1/api-keys/nosuchkey", TestApiKeys.ADMIN_BEARER, null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceHereAndWithinASecondOnAnotherReplica() throws Exception {
        try (ConfigurableApplicationContext other = secondReplica()) {
            int otherPort = Integer.parseInt(other.getEnvironment().getProperty("local.server.port"));
            awaitReady(otherPort);
            String token = newKey("replicated", "read");
            assertThat(awaitStatus(otherPort, token, 200, Duration.ofSeconds(5)))
                    .isEqualTo(200);

            revoke(token);
            assertThat(get("/api/v1/workers", "Bearer " + token).statusCode()).isEqualTo(401);
            long revoked = System.nanoTime();
            assertThat(awaitStatus(otherPort, token, 401, Duration.ofSeconds(5)))
                    .isEqualTo(401);
            Duration lag = Duration.ofNanos(System.nanoTime() - revoked);
            assertThat(lag).isLessThan(Duration.ofSeconds(1));
            HttpResponse<String> refused = workers(otherPort, token);
            assertThat(json(refused.body()).get("detail").asString()).contains("revoked");
        }
    }

    @Test
    void theSignInLinkSwapsTheKeyForAnHttpOnlyCookieAndDropsItFromTheAddress() throws Exception {
        HttpResponse<String> signIn = get("/?key=" + TestApiKeys.ADMIN_TOKEN, null);
        assertThat(signIn.statusCode()).isEqualTo(303);
        assertThat(signIn.headers().firstValue("Location")).hasValue("/");
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie)
                .startsWith("kiln_api_key=" + TestApiKeys.ADMIN_TOKEN + ";")
                .containsIgnoringCase("HttpOnly")
                .contains("SameSite=Strict");

        HttpResponse<String> withCookie = http.send(
                HttpRequest.newBuilder(uri("/api/v1/workers"))
                        .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withCookie.statusCode()).isEqualTo(200);

        HttpResponse<String> badLink = get("/?key=kiln_nosuchkey_aaaaaaaaaaaaaaaaaaaaaa", null);
        assertThat(badLink.statusCode()).isEqualTo(401);
        assertThat(badLink.headers().firstValue("Set-Cookie")).isEmpty();
    }

    private ConfigurableApplicationContext secondReplica() {
        // command-line arguments, which win over application.yaml (default properties would not)
        return new SpringApplicationBuilder(GatewayApplication.class)
                .run(
                        "--server.port=0",
                        "--kiln.gateway.grpc-port=0",
                        "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrap(),
                        "--kiln.gateway.registry-url=" + registry.url(),
                        "--kiln.gateway.bootstrap-admin-key-id=" + TestApiKeys.ADMIN_ID,
                        "--kiln.gateway.bootstrap-admin-key-sha256="
                                + ApiKeyTokens.sha256Hex(TestApiKeys.ADMIN_SECRET));
    }

    private void awaitReady(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> ready = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (ready.statusCode() == 200) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the second replica did not become ready (api-keys read) within 30 s");
    }

    private int awaitStatus(int port, String token, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last;
        do {
            last = workers(port, token).statusCode();
            if (last == status) {
                return last;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return last;
    }

    private HttpResponse<String> workers(int port, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/workers"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String recordOf(String id) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(ApiKeyTopic.NAME).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            String found = null;
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (id.equals(record.key())) {
                        found = new String(record.value(), StandardCharsets.UTF_8);
                    }
                }
            }
            if (found == null) {
                throw new AssertionError("no record of key " + id + " on " + ApiKeyTopic.NAME);
            }
            return found;
        }
    }
}
