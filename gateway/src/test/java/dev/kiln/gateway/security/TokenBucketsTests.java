package dev.kiln.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.gateway.config.GatewayProperties;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTests {
    private final AtomicLong now = new AtomicLong();
    private final TokenBuckets buckets = new TokenBuckets(new GatewayProperties.RateLimit(true, 2, 5), now::get);

    @Test
    void aKeyGetsItsBurstThenWaitsForTheRefill() {
        for (int i = 0; i < 5; i++) {
            assertThat(buckets.tryAcquire("k")).isEmpty();
        }
        assertThat(buckets.tryAcquire("k")).hasValue(Duration.ofMillis(500));
        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(buckets.tryAcquire("k")).isEmpty();
        assertThat(buckets.tryAcquire("k")).isPresent();
    }

    @Test
    void keysHaveTheirOwnBuckets() {
        for (int i = 0; i < 5; i++) {
            buckets.tryAcquire("busy");
        }
        assertThat(buckets.tryAcquire("busy")).isPresent();
        assertThat(buckets.tryAcquire("quiet")).isEmpty();
    }
}
