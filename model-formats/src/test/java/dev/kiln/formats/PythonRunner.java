package dev.kiln.formats;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/python/kiln_interop.py} with Debian's {@code /usr/bin/python3} (python3-torch, python3-onnx).
 * A missing interpreter fails the test: CI installs the packages, the interop checks must not be skipped.
 */
public final class PythonRunner {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT =
            Path.of("src/test/python/kiln_interop.py").toAbsolutePath();

    private PythonRunner() {}

    /** Runs a subcommand and returns its standard output; fails the test with its output when it fails. */
    public static String run(String command, String... args) {
        Result result = runAllowingFailure(command, args);
        if (result.exitCode() != 0) {
            fail("kiln_interop.py " + command + " exited with " + result.exitCode() + "\nstdout:\n" + result.stdout()
                    + "\nstderr:\n" + result.stderr());
        }
        return result.stdout();
    }

    /** Runs a subcommand and returns whatever happened. */
    public static Result runAllowingFailure(String command, String... args) {
        if (!Files.isExecutable(PYTHON)) {
            fail("/usr/bin/python3 is missing: install Debian's python3-torch and python3-onnx to run the PyTorch"
                    + " interoperability tests");
        }
        List<String> commandLine = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString(), command));
        commandLine.addAll(List.of(args));
        try {
            Path stdout = Files.createTempFile("kiln-python", ".out");
            Path stderr = Files.createTempFile("kiln-python", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(commandLine)
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile());
                builder.environment().put("OMP_NUM_THREADS", "1");
                builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
                Process process = builder.start();
                if (!process.waitFor(10, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    fail("kiln_interop.py " + command + " did not finish; stderr:\n" + Files.readString(stderr));
                }
                return new Result(
                        process.exitValue(),
                        Files.readString(stdout, StandardCharsets.UTF_8),
                        Files.readString(stderr, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What a run gave. */
    public record Result(int exitCode, String stdout, String stderr) {}
}
