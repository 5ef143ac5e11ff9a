package dev.kiln.infra.k8s;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code kubectl kustomize}, which renders a kustomization offline (no cluster). The binary is {@code KILN_KUBECTL}
 * when set, else the {@code kubectl} on PATH; a missing one fails the test, since the manifests must be checked on
 * every machine. CI uses Debian's {@code kubernetes-client} (kubectl 1.20 with kustomize v2.0.3), so the manifests are
 * kept to what that old kustomize reads as well as the current one.
 */
final class Kubectl {
    static final String VARIABLE = "KILN_KUBECTL";
    static final String INSTALL = "apt-get install -y --no-install-recommends kubernetes-client";
    private static final long TIMEOUT_SECONDS = 60;

    private final Path executable;

    private Kubectl(Path executable) {
        this.executable = executable;
    }

    Path executable() {
        return executable;
    }

    /** {@code $KILN_KUBECTL}, or the kubectl on PATH. */
    static Kubectl find() {
        String given = System.getenv(VARIABLE);
        if (given != null && !given.isBlank()) {
            Path path = Path.of(given);
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                return fail(VARIABLE + " is " + given + ", which is not an executable file; point it at a kubectl"
                        + " binary, or unset it to use the kubectl on PATH");
            }
            return new Kubectl(path);
        }
        String searchPath = System.getenv().getOrDefault("PATH", "");
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return new Kubectl(candidate);
            }
        }
        return fail("kubectl is not on PATH (" + searchPath + ") and " + VARIABLE + " is not set, so the Kubernetes"
                + " manifests in infra/k8s cannot be rendered; install it with: " + INSTALL);
    }

    /** The output of {@code kubectl kustomize directory}; the test fails with kubectl's message when it fails. */
    String kustomize(Path directory) {
        Result result = run(List.of(executable.toString(), "kustomize", directory.toString()));
        if (result.exitCode() != 0) {
            return fail(executable + " kustomize " + directory + " exited with " + result.exitCode() + ":\n"
                    + result.stderr());
        }
        return result.stdout();
    }

    private static Result run(List<String> command) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("kubectl-out", ".yaml");
            err = Files.createTempFile("kubectl-err", ".txt");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return fail("could not run " + String.join(" ", command) + ": " + e.getMessage());
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

    private record Result(int exitCode, String stdout, String stderr) {}
}
