package dev.kiln.gateway.routing;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Tells {@link UnreachableReplicas} about a replica the load balancer picked that then refused the connection, so
 * the route's retry and the requests after it go to the others.
 */
@Component
class ReplicaEjectionFilter implements GlobalFilter, Ordered {
    private final UnreachableReplicas replicas;

    ReplicaEjectionFilter(UnreachableReplicas replicas) {
        this.replicas = replicas;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange).doOnError(error -> {
            Response<ServiceInstance> picked =
                    exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
            if (picked != null && picked.hasServer() && isConnectFailure(error)) {
                replicas.refused(picked.getServer());
            }
        });
    }

    private static boolean isConnectFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;
    }
}
