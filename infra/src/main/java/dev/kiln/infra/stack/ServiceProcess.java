package dev.kiln.infra.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One Kiln service running in its own JVM, as in production, with its output in {@code $KILN_HOME/logs}. */
public final class ServiceProcess {
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final ServiceDefinition definition;
    private final Process process;
    private final Path log;

    private ServiceProcess(ServiceDefinition definition, Process process, Path log) {
        this.definition = definition;
        this.process = process;
        this.log = log;
    }

    public static ServiceProcess start(ServiceDefinition definition, StackSettings settings) throws StackException {
        Path jar = settings.serviceJar(definition.name());
        if (!Files.isRegularFile(jar)) {
            throw new StackException(definition.name() + " is not built (" + jar
                    + " is missing); run ./mvnw -DskipTests package, or ./kiln up which builds it");
        }
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(definition.javaOptions());
        command.addAll(settings.serviceJavaOptions());
        command.add("-jar");
        command.add(jar.toString());
        Path log = settings.logs().resolve(definition.name() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("OPT_OUT_TRACKING", "true");
        env.put("DJL_OFFLINE", "true");
        // the services end themselves when this launcher is gone (dev.kiln.contracts.runtime.LauncherWatch)
        env.put("KILN_LAUNCHER_PID", String.valueOf(ProcessHandle.current().pid()));
        env.putAll(definition.environment());
        try {
            return new ServiceProcess(definition, builder.start(), log);
        } catch (IOException e) {
            throw new StackException("could not start " + definition.name() + ": " + e.getMessage(), e);
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public ServiceDefinition definition() {
        return definition;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitCode() {
        return process.exitValue();
    }

    public Path log() {
        return log;
    }

    /** Asks the service to stop (SIGTERM, Spring's graceful shutdown), then kills it after a grace period. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public String lastLogLines(int count) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
