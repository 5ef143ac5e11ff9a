package dev.kiln.infra.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A PostgreSQL server still running on this {@code KILN_HOME}'s data folder after its launcher was killed (SIGKILL, the
 * OOM killer): the services end themselves when their launcher is gone, PostgreSQL does not. Its {@code postmaster.pid}
 * names it (first line the pid, second the data folder); the next {@code ./kiln up} stops it (SIGTERM, PostgreSQL's
 * smart shutdown, which ends at once as nothing is connected) instead of failing on its port.
 */
final class LeftoverPostgres {
    private LeftoverPostgres() {}

    /** The postmaster running on {@code dataDir}, if there is one. */
    static Optional<ProcessHandle> find(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.size() < 2 || !lines.get(0).trim().matches("\\d{1,10}")) {
            return Optional.empty();
        }
        Path folder = Path.of(lines.get(1).trim());
        if (!folder.toAbsolutePath().normalize().equals(dataDir.toAbsolutePath().normalize())) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    }

    /** Stops the postmaster left running on {@code dataDir}, if any, waiting up to {@code timeout} for it to end. */
    static void stopIfRunning(Path dataDir, Duration timeout, Consumer<String> progress) throws StackException {
        Optional<ProcessHandle> leftover = find(dataDir);
        if (leftover.isEmpty()) {
            return;
        }
        long pid = leftover.get().pid();
        progress.accept("stopping the PostgreSQL (pid " + pid + ") an earlier launcher left running on " + dataDir);
        leftover.get().destroy();
        try {
            leftover.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StackException("the PostgreSQL an earlier launcher left running (pid " + pid + ", " + dataDir
                    + ") did not stop within " + timeout.toSeconds() + " s; stop it (kill " + pid
                    + ") and start again");
        } catch (Exception e) {
            throw new StackException("could not wait for PostgreSQL (pid " + pid + ") to stop: " + e.getMessage(), e);
        }
    }
}
