package dev.kiln.infra.compose;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code docker-compose} (1.29), whose {@code config} command validates and renders a compose file
 * without a Docker engine. A missing binary fails the test: this machine has no Docker, and the check must still run.
 */
final class ComposeCli {
    static final String INSTALL = "apt-get install -y --no-install-recommends docker-compose";
    private static final long TIMEOUT_SECONDS = 60;

    private final Path executable;
    private final Path projectDirectory;

    private ComposeCli(Path executable, Path projectDirectory) {
        this.executable = executable;
        this.projectDirectory = projectDirectory;
    }

    /** The docker-compose on PATH, resolving relative paths in compose files against {@code projectDirectory}. */
    static ComposeCli onPath(Path projectDirectory) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "docker-compose");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return new ComposeCli(candidate, projectDirectory);
            }
        }
        return fail("docker-compose is not on PATH (" + path + "), so docker-compose.yml cannot be validated; install"
                + " it with: " + INSTALL);
    }

    /** {@code docker-compose [--profile p]... -f file config [-q]}. */
    Result config(Path composeFile, List<String> profiles, boolean quiet) {
        List<String> command =
                new ArrayList<>(List.of(executable.toString(), "--project-directory", projectDirectory.toString()));
        for (String profile : profiles) {
            command.add("--profile");
            command.add(profile);
        }
        command.addAll(List.of("-f", composeFile.toString(), "config"));
        if (quiet) {
            command.add("-q");
        }
        return run(command);
    }

    private static Result run(List<String> command) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("compose-out", ".txt");
            err = Files.createTempFile("compose-err", ".txt");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            clearSettingsThatChangeTheRendering(builder.environment());
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return fail("could not run " + String.join(" ", command) + ": " + e.getMessage() + "; install with: "
                    + INSTALL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while running " + String.join(" ", command));
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** The tests check the file as committed, with its defaults, whatever the developer's shell exports. */
    private static void clearSettingsThatChangeTheRendering(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("COMPOSE_") || name.startsWith("KILN_"));
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
    }

    record Result(int exitCode, String stdout, String stderr) {}
}
