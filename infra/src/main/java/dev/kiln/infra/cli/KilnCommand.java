package dev.kiln.infra.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kiln}: runs the local stack ({@code up}, {@code down}, {@code status}). */
@Command(
        name = "kiln",
        mixinStandardHelpOptions = true,
        version = "kiln 0.1.0",
        description = "Kiln: train neural networks and serve them, on one machine or many.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class},
        footer = {
            "",
            "Examples:",
            "  ./kiln up              start everything here (Kafka, S3, PostgreSQL embedded), Ctrl-C stops it",
            "  ./kiln up --detach     start it in the background",
            "  ./kiln status          show each part",
            "  ./kiln down            stop it; data stay in $KILN_HOME (default ~/.kiln)"
        })
public final class KilnCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        LauncherLogging.configure();
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new KilnCommand()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("kiln: " + firstLine(e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
    }

    static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** The checkout the services' jars are built in: {@code -Dkiln.repository}, else the working directory. */
    static Path repository() {
        return Path.of(System.getProperty("kiln.repository", System.getProperty("user.dir")))
                .toAbsolutePath()
                .normalize();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
