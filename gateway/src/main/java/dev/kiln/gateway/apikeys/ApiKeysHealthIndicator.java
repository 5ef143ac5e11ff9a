package dev.kiln.gateway.apikeys;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN until this replica has read the {@code api-keys} topic to its end: before that it could accept a revoked key
 * or refuse a valid one. Part of the readiness group.
 */
@Component
class ApiKeysHealthIndicator implements HealthIndicator {
    private final ApiKeyStore store;

    ApiKeysHealthIndicator(ApiKeyStore store) {
        this.store = store;
    }

    @Override
    public Health health() {
        if (store.isCaughtUp()) {
            return Health.up().withDetail("keys", store.all().size()).build();
        }
        return Health.down()
                .withDetail("reason", "still reading the " + ApiKeyTopic.NAME + " topic (is Kafka up?)")
                .build();
    }
}
