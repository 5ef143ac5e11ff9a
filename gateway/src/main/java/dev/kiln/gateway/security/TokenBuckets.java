package dev.kiln.gateway.security;

import dev.kiln.gateway.config.GatewayProperties;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A token bucket per API key, in this replica's memory: {@code burst} requests at once, refilled at
 * {@code requests-per-second}. With N replicas behind a load balancer a key gets up to N times that.
 */
@Component
public class TokenBuckets {
    private final GatewayProperties.RateLimit limit;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Autowired
    TokenBuckets(GatewayProperties properties) {
        this(properties.rateLimit(), System::nanoTime);
    }

    TokenBuckets(GatewayProperties.RateLimit limit, LongSupplier nanoTime) {
        this.limit = limit;
        this.nanoTime = nanoTime;
    }

    /** Empty if the key may go ahead (a token was taken), else how long until it may try again. */
    public Optional<Duration> tryAcquire(String keyId) {
        if (!limit.enabled()) {
            return Optional.empty();
        }
        return buckets.computeIfAbsent(keyId, id -> new Bucket(limit.burst(), nanoTime.getAsLong()))
                .take(limit, nanoTime.getAsLong());
    }

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized Optional<Duration> take(GatewayProperties.RateLimit limit, long now) {
            double refill = (now - updated) / 1e9 * limit.requestsPerSecond();
            tokens = Math.min(limit.burst(), tokens + refill);
            updated = now;
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            double seconds = (1 - tokens) / limit.requestsPerSecond();
            return Optional.of(Duration.ofNanos((long) Math.ceil(seconds * 1e9)));
        }
    }
}
