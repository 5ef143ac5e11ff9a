package dev.kiln.infra.k8s;

import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.infra.tools.ExternalCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs {@code kubectl kustomize}, which renders a kustomization offline (no cluster). The binary is {@code KILN_KUBECTL}
 * when set, else the {@code kubectl} on PATH; a missing one fails the test, since the manifests must be checked on
 * every machine. CI uses Debian's {@code kubernetes-client} (kubectl 1.20 with kustomize v2.0.3), so the manifests are
 * kept to what that old kustomize reads as well as the current one.
 */
final class Kubectl {
    static final String VARIABLE = "KILN_KUBECTL";
    static final String INSTALL = "apt-get install -y --no-install-recommends kubernetes-client";

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
        Path onPath = ExternalCommand.onPath("kubectl").orElse(null);
        if (onPath != null) {
            return new Kubectl(onPath);
        }
        return fail("kubectl is not on PATH (" + ExternalCommand.searchPath() + ") and " + VARIABLE
                + " is not set, so the Kubernetes" + " manifests in infra/k8s cannot be rendered; install it with: "
                + INSTALL);
    }

    /** The output of {@code kubectl kustomize directory}; the test fails with kubectl's message when it fails. */
    String kustomize(Path directory) {
        ExternalCommand.Result result = ExternalCommand.run(
                List.of(executable.toString(), "kustomize", directory.toString()), env -> {}, INSTALL);
        if (result.exitCode() != 0) {
            return fail(executable + " kustomize " + directory + " exited with " + result.exitCode() + ":\n"
                    + result.stderr());
        }
        return result.stdout();
    }
}
