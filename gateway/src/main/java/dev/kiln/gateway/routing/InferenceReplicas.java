package dev.kiln.gateway.routing;

import dev.kiln.gateway.config.GatewayProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;

/**
 * {@code lb://inference-service}: Spring Cloud LoadBalancer's round robin over the replicas in
 * {@code kiln.gateway.inference-urls} (or the one {@code kiln.gateway.inference-url}). The route's Retry filter sends a
 * request whose connection failed to the next replica, and a replica that refused one is left out for a while
 * ({@link UnreachableReplicas}).
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClient(name = InferenceReplicas.SERVICE, configuration = InferenceReplicas.Instances.class)
class InferenceReplicas {
    static final String SERVICE = "inference-service";

    @Bean
    UnreachableReplicas unreachableReplicas(GatewayProperties properties, MeterRegistry meters) {
        UnreachableReplicas replicas = new UnreachableReplicas(properties.replicaEjection());
        Gauge.builder("kiln.gateway.inference.replicas.ejected", replicas, UnreachableReplicas::ejected)
                .description("inference replicas left out of the round robin after refusing a connection")
                .register(meters);
        return replicas;
    }

    /** Configuration of the load balancer's own context for the inference service (not component-scanned). */
    static class Instances {
        @Bean
        ServiceInstanceListSupplier inferenceInstances(GatewayProperties properties, UnreachableReplicas unreachable) {
            List<ServiceInstance> instances = new ArrayList<>();
            List<String> urls = properties.inferenceReplicas();
            for (int i = 0; i < urls.size(); i++) {
                URI uri = URI.create(urls.get(i));
                boolean secure = "https".equals(uri.getScheme());
                int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
                instances.add(new DefaultServiceInstance(SERVICE + "-" + i, SERVICE, uri.getHost(), port, secure));
            }
            List<ServiceInstance> fixed = List.copyOf(instances);
            return new ServiceInstanceListSupplier() {
                @Override
                public String getServiceId() {
                    return SERVICE;
                }

                @Override
                public Flux<List<ServiceInstance>> get() {
                    return Flux.defer(() -> Flux.just(unreachable.reachable(fixed)));
                }
            };
        }
    }
}
