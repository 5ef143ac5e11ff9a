package dev.kiln.infra.compose;

import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.infra.tools.ExternalCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs Debian's {@code docker-compose} (1.29), whose {@code config} command validates and renders a compose file
 * without a Docker engine. A missing binary fails the test: this machine has no Docker, and the check must still run.
 */
final class ComposeCli {
    static final String INSTALL = "apt-get install -y --no-install-recommends docker-compose";

    private final Path executable;
    private final Path projectDirectory;

    private ComposeCli(Path executable, Path projectDirectory) {
        this.executable = executable;
        this.projectDirectory = projectDirectory;
    }

    /** The docker-compose on PATH, resolving relative paths in compose files against {@code projectDirectory}. */
    static ComposeCli onPath(Path projectDirectory) {
        Path onPath = ExternalCommand.onPath("docker-compose").orElse(null);
        if (onPath != null) {
            return new ComposeCli(onPath, projectDirectory);
        }
        return fail("docker-compose is not on PATH (" + ExternalCommand.searchPath()
                + "), so docker-compose.yml cannot be validated; install" + " it with: " + INSTALL);
    }

    /** {@code docker-compose [--profile p]... -f file config [-q]}. */
    ExternalCommand.Result config(Path composeFile, List<String> profiles, boolean quiet) {
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
        return ExternalCommand.run(command, ComposeCli::clearSettingsThatChangeTheRendering, INSTALL);
    }

    /** The tests check the file as committed, with its defaults, whatever the developer's shell exports. */
    private static void clearSettingsThatChangeTheRendering(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("COMPOSE_") || name.startsWith("KILN_"));
    }
}
