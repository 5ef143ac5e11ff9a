package dev.kiln.gateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings of the gateway, under {@code kiln.gateway}: where the services behind it are. */
@ConfigurationProperties("kiln.gateway")
public record GatewayProperties(
        @DefaultValue("http://127.0.0.1:8081") String registryUrl,
        @DefaultValue("http://127.0.0.1:8082") String inferenceUrl,
        @DefaultValue("9091") int grpcPort) {}
