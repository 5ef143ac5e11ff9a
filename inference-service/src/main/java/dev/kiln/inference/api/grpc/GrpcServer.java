package dev.kiln.inference.api.grpc;

import dev.kiln.inference.config.InferenceProperties;
import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The gRPC server ({@code kiln.inference.grpc-port}; 0 picks a free port, see {@link #port()}), on the same address as
 * HTTP ({@code server.address}; all interfaces when unset), started after the context is ready and stopped, letting
 * calls in flight finish, before it closes.
 */
@Component
public class GrpcServer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);

    private final BindableService endpoint;
    private final int configuredPort;
    private final long maxRequestBytes;
    private final String address;
    private final Duration idleQuiet;
    private volatile EventLoopWhenIdle whenIdle;
    private volatile Server server;
    private ExecutorService executor;

    @Autowired
    GrpcServer(GrpcInferenceEndpoint endpoint, InferenceProperties properties, Environment environment) {
        this(
                endpoint,
                properties.grpcPort(),
                properties.maxRequestSize().toBytes(),
                environment.getProperty("server.address", "0.0.0.0"),
                properties.grpcIdleQuiet());
    }

    GrpcServer(BindableService endpoint, int port, long maxRequestBytes, String address, Duration idleQuiet) {
        this.endpoint = endpoint;
        this.idleQuiet = idleQuiet;
        this.configuredPort = port;
        this.maxRequestBytes = maxRequestBytes;
        this.address = address;
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
        whenIdle = new EventLoopWhenIdle(idleQuiet, System::nanoTime, executor);
        try {
            server = NettyServerBuilder.forAddress(
                            new InetSocketAddress(address, configuredPort), InsecureServerCredentials.create())
                    .addService(endpoint)
                    // a call reaching an idle server runs on the network thread that read it; any other on the
                    // pool, so the calls of one connection run in parallel (and can be batched). The handlers
                    // never wait on a batch (they complete from the worker), and the endpoint moves what may block
                    // (and large requests) elsewhere
                    .directExecutor()
                    .callExecutor(whenIdle)
                    .intercept(whenIdle)
                    // above the limit, so a request over it gets INVALID_ARGUMENT with our message (beyond twice the
                    // limit gRPC itself refuses the message with RESOURCE_EXHAUSTED)
                    .maxInboundMessageSize((int) Math.min(Integer.MAX_VALUE, maxRequestBytes * 2))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("the gRPC server could not listen on " + address + ":" + configuredPort, e);
        }
        log.info("gRPC inference.GRPCInferenceService listening on {}:{}", address, server.getPort());
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

    /** The addresses the server listens on. */
    public List<? extends SocketAddress> listenAddresses() {
        Server running = server;
        if (running == null) {
            throw new IllegalStateException("the gRPC server is not running");
        }
        return running.getListenSockets();
    }

    /** Calls started and not yet completed or cancelled. */
    int callsInFlight() {
        return whenIdle.inFlight();
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
