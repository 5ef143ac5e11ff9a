package dev.kiln.gateway.apikeys;

import dev.kiln.gateway.config.GatewayProperties;
import dev.kiln.gateway.kafka.TopicFollower;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Every API key this gateway replica knows, read from the compacted {@code api-keys} topic from its beginning at
 * start and followed from then on, so a key made or revoked on any replica counts here within a poll (~0.1 s).
 * Until the topic is read to its end the replica is not ready (see {@link ApiKeysHealthIndicator}).
 *
 * <p>The bootstrap admin key of the local launcher (its id and sha256 from the environment) is known from the
 * start; once the topic is read, it is written there unless the topic has a record of it already, so it can be
 * listed and revoked like any key, and a revocation sticks across restarts.
 */
@Component
public class ApiKeyStore implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ApiKeyStore.class);

    private final Map<String, ApiKey> keys = new ConcurrentHashMap<>();
    private final Optional<ApiKey> bootstrap;
    private final ApiKeyPublisher publisher;
    private final TopicFollower follower;
    private volatile boolean running;

    ApiKeyStore(GatewayProperties properties, ApiKeyPublisher publisher, Environment environment) {
        this.publisher = publisher;
        this.bootstrap = bootstrapKey(properties);
        this.follower = new TopicFollower(
                        environment.getProperty("spring.kafka.bootstrap-servers", "127.0.0.1:9092"),
                        ApiKeyTopic.NAME,
                        null,
                        this::onRecord,
                        this::onCaughtUp)
                .preparedBy(publisher::ensureTopic);
    }

    /** The key with this id, revoked or not. */
    public Optional<ApiKey> find(String id) {
        ApiKey key = keys.get(id);
        if (key == null && bootstrap.isPresent() && bootstrap.get().id().equals(id)) {
            return bootstrap;
        }
        return Optional.ofNullable(key);
    }

    /** Checks a presented key: its shape, its id, its secret (constant time) and that it is not revoked. */
    public Authentication authenticate(String token) {
        Optional<ApiKeyTokens.Parsed> parsed = ApiKeyTokens.parse(token);
        if (parsed.isEmpty()) {
            return new Authentication.Rejected("the API key is malformed; Kiln keys look like kiln_<id>_<secret>");
        }
        Optional<ApiKey> key = find(parsed.get().id());
        if (key.isEmpty()
                || !ApiKeyTokens.matches(parsed.get().secret(), key.get().sha256())) {
            return new Authentication.Rejected("the API key is not valid");
        }
        if (key.get().revoked()) {
            return new Authentication.Rejected(
                    "the API key was revoked at " + key.get().revokedAt());
        }
        return new Authentication.Authenticated(new Caller(key.get(), token));
    }

    /** Every key, newest first. */
    public List<ApiKey> all() {
        Map<String, ApiKey> view = new ConcurrentHashMap<>(keys);
        bootstrap.ifPresent(b -> view.putIfAbsent(b.id(), b));
        return view.values().stream()
                .sorted(Comparator.comparing(ApiKey::createdAt).reversed())
                .toList();
    }

    /** Applies a key this replica just wrote to the topic, before the follower reads it back. */
    void remember(ApiKey key) {
        keys.merge(key.id(), key, ApiKeyStore::later);
    }

    public boolean isCaughtUp() {
        return follower.isCaughtUp();
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    private void onRecord(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            keys.remove(record.key());
            return;
        }
        ApiKey key = ApiKeyCodec.fromBytes(record.value());
        keys.merge(key.id(), key, ApiKeyStore::later);
    }

    /** A revocation is never undone by an older record read later. */
    private static ApiKey later(ApiKey known, ApiKey incoming) {
        return known.revoked() && !incoming.revoked() ? known : incoming;
    }

    private void onCaughtUp() {
        log.info("API keys read: {} known", keys.size());
        bootstrap.filter(b -> !keys.containsKey(b.id())).ifPresent(b -> publisher
                .publish(b)
                .subscribe(
                        ok -> log.info("bootstrap admin key {} recorded on {}", b.id(), ApiKeyTopic.NAME),
                        e -> log.warn("could not record the bootstrap admin key: {}", e.getMessage())));
    }

    private static Optional<ApiKey> bootstrapKey(GatewayProperties properties) {
        String id = properties.bootstrapAdminKeyId();
        String sha256 = properties.bootstrapAdminKeySha256();
        if (id == null || id.isBlank() || sha256 == null || sha256.isBlank()) {
            return Optional.empty();
        }
        if (ApiKeyTokens.parse("kiln_" + id + "_" + "x".repeat(16)).isEmpty() || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalStateException("kiln.gateway.bootstrap-admin-key-id must be lower-case letters and digits"
                    + " and kiln.gateway.bootstrap-admin-key-sha256 64 lower-case hex digits (sha256 of the secret)");
        }
        return Optional.of(
                new ApiKey(id, "bootstrap admin key", sha256, List.of(Scope.ADMIN.wire()), Instant.now(), null));
    }

    @Override
    public void start() {
        running = true;
        follower.start();
    }

    @Override
    public void stop() {
        running = false;
        follower.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
