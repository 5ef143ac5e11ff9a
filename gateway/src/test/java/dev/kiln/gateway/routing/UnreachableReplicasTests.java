package dev.kiln.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

class UnreachableReplicasTests {
    private final AtomicLong now = new AtomicLong(1_000);
    private final UnreachableReplicas replicas = new UnreachableReplicas(Duration.ofSeconds(5), now::get);
    private final ServiceInstance a = replica(0);
    private final ServiceInstance b = replica(1);
    private final ServiceInstance c = replica(2);

    @Test
    void aReplicaThatRefusedIsLeftOutUntilItsEjectionEnds() {
        replicas.refused(b);
        assertThat(replicas.reachable(List.of(a, b, c))).containsExactly(a, c);
        assertThat(replicas.ejected()).isEqualTo(1);

        now.addAndGet(Duration.ofMillis(4_999).toNanos());
        assertThat(replicas.reachable(List.of(a, b, c))).containsExactly(a, c);

        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(replicas.reachable(List.of(a, b, c))).containsExactly(a, b, c);
        assertThat(replicas.ejected()).isZero();
    }

    @Test
    void aSecondRefusalStartsTheEjectionAgain() {
        replicas.refused(b);
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        replicas.refused(b);
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(replicas.reachable(List.of(a, b))).containsExactly(a);
    }

    @Test
    void whenEveryReplicaIsOutAllAreOfferedRatherThanNone() {
        replicas.refused(a);
        replicas.refused(b);
        assertThat(replicas.reachable(List.of(a, b))).containsExactly(a, b);
        assertThat(replicas.ejected()).isEqualTo(2);
    }

    private static ServiceInstance replica(int i) {
        return new DefaultServiceInstance("inference-service-" + i, "inference-service", "127.0.0.1", 9000 + i, false);
    }
}
