package dev.kiln.contracts.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Ends a service when the local launcher that started it ({@code ./kiln up}) is gone, so a launcher killed by SIGKILL
 * or the OOM killer does not leave the services running, holding their ports and memory. The launcher puts its pid in
 * {@value #VARIABLE}; without it (Docker Compose, Kubernetes) nothing is watched.
 */
public final class LauncherWatch {
    /** The environment variable with the launcher's process id. */
    public static final String VARIABLE = "KILN_LAUNCHER_PID";

    private static final System.Logger log = System.getLogger(LauncherWatch.class.getName());

    private LauncherWatch() {}

    /** When {@value #VARIABLE} is set: exits this JVM (its shutdown hooks run) once that process has ended. */
    public static void exitWhenLauncherEnds() {
        String pid = System.getenv(VARIABLE);
        if (pid == null || pid.isBlank()) {
            return;
        }
        long launcher = launcherPid(pid);
        watch(launcher, Duration.ofSeconds(1), () -> {
            log.log(System.Logger.Level.WARNING, "the launcher (pid " + launcher + ") is gone; stopping");
            System.exit(0);
        });
    }

    /** The launcher's pid from the variable's value, or a message that says what it should have been. */
    static long launcherPid(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    VARIABLE + " must be the launcher's process id (digits), got '" + value + "'");
        }
    }

    /**
     * Runs {@code whenGone} on a daemon thread once process {@code pid} has ended (checked every {@code interval}); a
     * process that has already ended counts, and so does another process that got the same pid later.
     */
    public static Thread watch(long pid, Duration interval, Runnable whenGone) {
        Optional<Instant> started = ProcessHandle.of(pid).flatMap(p -> p.info().startInstant());
        Thread watcher = new Thread(
                () -> {
                    try {
                        while (isRunning(pid, started)) {
                            Thread.sleep(interval.toMillis());
                        }
                        whenGone.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "launcher-watch");
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }

    private static boolean isRunning(long pid, Optional<Instant> started) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        return process.isPresent()
                && (started.isEmpty() || process.get().info().startInstant().equals(started));
    }
}
