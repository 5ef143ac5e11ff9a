package dev.kiln.infra.tools;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A command-line tool the tests run (Debian's {@code docker-compose}, {@code kubectl}): found on PATH, run with its
 * output captured, a failure to start or finish failing the test with how to install it. Tests never skip for want
 * of a tool.
 */
public final class ExternalCommand {
    private static final long TIMEOUT_SECONDS = 60;

    private ExternalCommand() {}

    /** What a run printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {}

    /** The executable called {@code name} in a PATH directory, if any. */
    public static Optional<Path> onPath(String name) {
        for (String dir : searchPath().split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    public static String searchPath() {
        return System.getenv().getOrDefault("PATH", "");
    }

    /**
     * Runs the command with stdin from /dev/null and its output in temporary files; {@code environment} may adjust the
     * child's environment; {@code install} is the hint given when it cannot start.
     */
    public static Result run(
            List<String> command, Consumer<java.util.Map<String, String>> environment, String install) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("command-out", ".txt");
            err = Files.createTempFile("command-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            environment.accept(builder.environment());
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
                    + install);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while running " + String.join(" ", command));
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
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
}
