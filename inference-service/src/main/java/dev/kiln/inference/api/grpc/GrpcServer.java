package dev.kiln.inference.api.grpc;

import dev.kiln.inference.config.InferenceProperties;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The gRPC server ({@code kiln.inference.grpc-port}; 0 picks a free port, see {@link #port()}), started after the
 * context is ready and stopped, letting calls in flight finish, before it closes.
 */
@Component
public class GrpcServer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);

    private final GrpcInferenceEndpoint endpoint;
    private final int configuredPort;
    private final long maxRequestBytes;
    private volatile Server server;
    private ExecutorService executor;

    GrpcServer(GrpcInferenceEndpoint endpoint, InferenceProperties properties) {
        this.endpoint = endpoint;
        this.configuredPort = properties.grpcPort();
        this.maxRequestBytes = properties.maxRequestSize().toBytes();
    }

    @Override
    public void start() {
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), r -> {
                    Thread thread = new Thread(r, "grpc-call-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            server = Grpc.newServerBuilderForPort(configuredPort, InsecureServerCredentials.create())
                    .addService(endpoint)
                    // calls of one connection run in parallel (so they can be batched); the handlers never wait
                    // on a batch (they complete from the worker), and the endpoint moves what may block elsewhere
                    .executor(executor)
                    // above the limit, so a request over it gets INVALID_ARGUMENT with our message (beyond twice the
                    // limit gRPC itself refuses the message with RESOURCE_EXHAUSTED)
                    .maxInboundMessageSize((int) Math.min(Integer.MAX_VALUE, maxRequestBytes * 2))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("the gRPC server could not listen on port " + configuredPort, e);
        }
        log.info("gRPC inference.GRPCInferenceService listening on port {}", server.getPort());
    }

    @Override
    public void stop() {
        Server running = server;
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(10, TimeUnit.SECONDS)) {
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.shutdownNow();
        }
        executor.shutdownNow();
        server = null;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The port the server listens on. */
    public int port() {
        Server running = server;
        if (running == null) {
            throw new IllegalStateException("the gRPC server is not running");
        }
        return running.getPort();
    }
}
