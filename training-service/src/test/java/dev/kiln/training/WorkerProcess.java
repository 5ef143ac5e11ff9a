package dev.kiln.training;

import dev.kiln.infra.testing.InfrastructureEndpoints;
import dev.kiln.infra.testing.KilnInfrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A training worker in its own JVM (the application on this test's class path), to be killed like a crash. */
final class WorkerProcess implements AutoCloseable {
    private final Process process;
    final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static WorkerProcess start(String workerId, String queue, String group) throws IOException {
        InfrastructureEndpoints infra = KilnInfrastructure.endpoints();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-cp",
                System.getProperty("java.class.path"),
                TrainingApplication.class.getName(),
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + infra.kafkaBootstrapServers(),
                "--kiln.training.queues=" + queue,
                "--kiln.training.group-id=" + group,
                "--kiln.training.worker-id=" + workerId));
        infra.springProperties("training").forEach((key, value) -> {
            if (key.startsWith("kiln.training.")) {
                command.add("--" + key + "=" + value);
            }
        });
        Path log =
                Files.createDirectories(Path.of("target", "worker-processes")).resolve(workerId + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new WorkerProcess(process, log);
    }

    /** Kills the JVM at once, as {@code kill -9} does: no shutdown hooks, no leaving the consumer group. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
