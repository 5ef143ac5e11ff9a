package dev.kiln.gateway.routing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;

/**
 * Inference replicas that refused a connection recently (passive health checking, as Envoy's outlier detection or
 * nginx's {@code max_fails} do): the load balancer leaves such a replica out for {@code ejection}, then tries it again.
 * Without this a dead replica keeps getting its share of first attempts, and under concurrency a request's retries can
 * all land on it. When every replica is out, all are offered (a dead one costs a refused connection, not a request).
 */
public final class UnreachableReplicas {
    private static final Logger log = LoggerFactory.getLogger(UnreachableReplicas.class);

    private final Duration ejection;
    private final LongSupplier nanoClock;
    private final Map<String, Long> outUntil = new ConcurrentHashMap<>();

    public UnreachableReplicas(Duration ejection) {
        this(ejection, System::nanoTime);
    }

    UnreachableReplicas(Duration ejection, LongSupplier nanoClock) {
        this.ejection = ejection;
        this.nanoClock = nanoClock;
    }

    /** The replica refused a connection (or did not accept one in time): leave it out for a while. */
    public void refused(ServiceInstance replica) {
        Long previous = outUntil.put(replica.getInstanceId(), nanoClock.getAsLong() + ejection.toNanos());
        if (previous == null) {
            log.warn(
                    "inference replica {} cannot be reached; requests go to the others for {} s",
                    replica.getUri(),
                    ejection.toSeconds());
        }
    }

    /** The replicas not left out right now; all of them when every one is. */
    public List<ServiceInstance> reachable(List<ServiceInstance> replicas) {
        long now = nanoClock.getAsLong();
        outUntil.values().removeIf(until -> until - now <= 0);
        List<ServiceInstance> reachable = replicas.stream()
                .filter(r -> !outUntil.containsKey(r.getInstanceId()))
                .toList();
        return reachable.isEmpty() ? replicas : reachable;
    }

    /** How many replicas are left out right now. */
    public int ejected() {
        long now = nanoClock.getAsLong();
        return (int) outUntil.values().stream().filter(until -> until - now > 0).count();
    }
}
