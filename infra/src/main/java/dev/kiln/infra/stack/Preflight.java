package dev.kiln.infra.stack;

import dev.kiln.infra.embedded.PostgresEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Checks made before anything starts, so that a bad setting stops the stack with one clear line and nothing is left
 * half-started: a writable {@code KILN_HOME}, a usable {@code KILN_POSTGRES_URL}, free ports, no stack already running
 * (and no PostgreSQL left running by a launcher that was killed: {@link LeftoverPostgres}).
 */
final class Preflight {
    private Preflight() {}

    static Optional<PostgresEndpoint> check(StackSettings settings, Consumer<String> progress) throws StackException {
        requireWritableHome(settings.home());
        requireNotRunning(settings);
        Optional<PostgresEndpoint> external;
        try {
            external = settings.postgresUrl().map(url -> PostgresEndpoint.parse("KILN_POSTGRES_URL", url));
        } catch (IllegalArgumentException e) {
            throw new StackException(e.getMessage());
        }
        if (external.isEmpty()) {
            LeftoverPostgres.stopIfRunning(LocalStack.postgresData(settings), Duration.ofSeconds(30), progress);
        }
        java.util.List<PortSetting> ports = settings.ports().settings(external.isEmpty());
        requireDistinct(ports);
        for (PortSetting port : ports) {
            requireFree(settings.bindAddress(), port);
        }
        return external;
    }

    static void requireWritableHome(Path home) throws StackException {
        try {
            Files.createDirectories(home);
            Path probe = Files.createTempFile(home, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new StackException(
                    "KILN_HOME " + home + " is not writable (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage())
                            + "); set KILN_HOME to a folder you can write");
        }
    }

    private static void requireNotRunning(StackSettings settings) throws StackException {
        Optional<StackState> state = StackState.read(settings.stateFile());
        if (state.isPresent() && state.get().launcherAlive()) {
            throw new StackException("Kiln is already running from " + settings.home() + " (pid "
                    + state.get().launcherPid() + "); see ./kiln status, or stop it with ./kiln down");
        }
    }

    static void requireDistinct(java.util.List<PortSetting> ports) throws StackException {
        java.util.Map<Integer, PortSetting> seen = new java.util.HashMap<>();
        for (PortSetting port : ports) {
            PortSetting other = seen.putIfAbsent(port.port(), port);
            if (other != null) {
                throw new StackException(other.variable() + " and " + port.variable() + " are both " + port.port()
                        + " (" + other.part() + " and " + port.part() + "); give each part its own port");
            }
        }
    }

    static void requireFree(String bindAddress, PortSetting port) throws StackException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as servers bind: a port in TIME_WAIT is free, a listening one is not
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port.port()));
        } catch (IOException e) {
            throw new StackException("port " + port.port() + " (" + port.part() + ") is already in use on "
                    + bindAddress + "; stop what uses it or set " + port.variable() + " to a free port");
        }
    }
}
