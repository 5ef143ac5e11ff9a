package dev.kiln.e2e;

import dev.kiln.infra.testing.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the repository's {@code ./kiln} script as a user would, with its own KILN_HOME and free ports. */
final class KilnScript {
    record Result(int exitCode, String stdout, String stderr) {}

    private final Path repository;
    private final Map<String, String> environment = new HashMap<>();

    KilnScript(Path repository, Path home) throws IOException {
        this.repository = repository;
        environment.put("KILN_HOME", home.toString());
        environment.put("KILN_SKIP_BUILD", "true");
        environment.putAll(FreePorts.forLocalStack());
    }

    int port(String part) {
        return Integer.parseInt(environment.get("KILN_" + part + "_PORT"));
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> command =
                new java.util.ArrayList<>(List.of(repository.resolve("kiln").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repository.toFile());
        builder.environment().putAll(environment);
        Path out = java.nio.file.Files.createTempFile("kiln-out", ".txt");
        Path err = java.nio.file.Files.createTempFile("kiln-err", ".txt");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(6, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("./kiln " + String.join(" ", args) + " did not finish in 6 minutes");
        }
        return new Result(
                process.exitValue(),
                java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
    }
}
