package dev.kiln.gateway.grpc;

import dev.kiln.gateway.config.GatewayProperties;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The gateway's gRPC server ({@code kiln.grpc-port}, default 9091, on the same address as HTTP) serving
 * {@code kiln.v1.JobService} behind the API key check. Calls run on the transport's threads: the service never
 * blocks (everything is reactive), so no thread is held per call or per stream.
 */
@Component
public class GrpcServer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);

    private final GatewayProperties properties;
    private final String address;
    private final JobGrpcService jobs;
    private final GrpcAuthentication authentication;
    private final GrpcCorrelation correlation;
    private volatile Server server;

    GrpcServer(
            GatewayProperties properties,
            Environment environment,
            JobGrpcService jobs,
            GrpcAuthentication authentication,
            GrpcCorrelation correlation) {
        this.properties = properties;
        this.address = environment.getProperty("server.address", "0.0.0.0");
        this.jobs = jobs;
        this.authentication = authentication;
        this.correlation = correlation;
    }

    /** The port it listens on (useful when configured as 0). */
    public int port() {
        return server == null ? -1 : server.getPort();
    }

    @Override
    public void start() {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(address, properties.grpcPort()))
                    .directExecutor()
                    // the last interceptor runs first: every answer, refusals included, carries the correlation id
                    .addService(ServerInterceptors.intercept(jobs, authentication, correlation))
                    .build()
                    .start();
            log.info("gRPC kiln.v1.JobService on {}:{}", address, server.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "the gateway's gRPC port " + properties.grpcPort() + " is taken; set KILN_GATEWAY_GRPC_PORT", e);
        }
    }

    @Override
    public void stop() {
        Server running = server;
        if (running != null) {
            running.shutdown();
            try {
                if (!running.awaitTermination(5, TimeUnit.SECONDS)) {
                    running.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.shutdownNow();
            }
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
