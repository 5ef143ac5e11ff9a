package dev.kiln.infra.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Free TCP ports on 127.0.0.1 for tests that start servers on fixed ports (the local stack). */
public final class FreePorts {
    private static final int FIRST = 20000;
    private static final int LAST = 32000;

    private FreePorts() {}

    /** A free, distinct port for every part of the local stack, as the {@code KILN_*_PORT} variables that move them. */
    public static java.util.Map<String, String> forLocalStack() {
        List<String> parts = List.of(
                "GATEWAY",
                "GATEWAY_GRPC",
                "REGISTRY",
                "INFERENCE",
                "INFERENCE_GRPC",
                "TRAINING",
                "KAFKA",
                "KAFKA_CONTROLLER",
                "S3",
                "POSTGRES");
        List<Integer> ports = distinct(parts.size());
        java.util.Map<String, String> variables = new java.util.LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            variables.put("KILN_" + parts.get(i) + "_PORT", String.valueOf(ports.get(i)));
        }
        return variables;
    }

    /**
     * Distinct free ports below Linux's ephemeral range (32768+), so no client connection takes one between this check
     * and the server binding it; every socket is held until all are chosen, so no port is handed out twice.
     */
    public static List<Integer> distinct(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int port = FIRST + ThreadLocalRandom.current().nextInt(LAST - FIRST - 2000);
            while (held.size() < count && port < LAST) {
                try {
                    held.add(new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1")));
                } catch (IOException taken) {
                    // in use: try the next one
                }
                port++;
            }
            if (held.size() < count) {
                throw new IllegalStateException("found only " + held.size() + " free ports of " + count);
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
