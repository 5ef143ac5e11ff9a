package dev.kiln.infra.cli;

import dev.kiln.infra.cli.client.CliFailure;
import dev.kiln.infra.cli.client.DatasetsCommand;
import dev.kiln.infra.cli.client.DemoCommand;
import dev.kiln.infra.cli.client.ExitCodes;
import dev.kiln.infra.cli.client.JobsCommand;
import dev.kiln.infra.cli.client.ModelsCommand;
import dev.kiln.infra.cli.client.PredictCommand;
import dev.kiln.infra.cli.client.TrainCommand;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kiln}: runs the local stack ({@code up}, {@code down}, {@code status}) and talks to a gateway's public API
 * (train, jobs, models, datasets, predict, demo).
 */
@Command(
        name = "kiln",
        mixinStandardHelpOptions = true,
        version = "kiln 0.1.0",
        description = "Kiln: train neural networks and serve them, on one machine or many.",
        commandListHeading = "%nCommands:%n",
        subcommands = {
            UpCommand.class,
            DownCommand.class,
            StatusCommand.class,
            TrainCommand.class,
            JobsCommand.class,
            ModelsCommand.class,
            DatasetsCommand.class,
            PredictCommand.class,
            DemoCommand.class
        },
        footer = {
            "",
            "Examples:",
            "  ./kiln up             start everything here; Ctrl-C stops it (--detach: background)",
            "  ./kiln status         show each part",
            "  ./kiln demo           train on Fashion-MNIST, promote, predict: the whole loop",
            "  ./kiln train --dataset fashion-mnist --template mlp --register-as fmnist --watch",
            "  ./kiln jobs list      (every list and show takes -o json: the API's JSON answer)",
            "  ./kiln predict fmnist@production boot.png",
            "  ./kiln down           stop it; data stay in $KILN_HOME (default ~/.kiln)",
            "",
            "Commands that talk to a gateway use --url, else $KILN_URL, else the local one",
            "(http://127.0.0.1:8080), and the API key from --api-key, else $KILN_API_KEY,",
            "else $KILN_HOME/api-key (written by ./kiln up). ./kiln COMMAND --help says more.",
            "",
            "%1$s",
            "%2$s",
            "%3$s",
            "%4$s"
        })
public final class KilnCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        LauncherLogging.configure();
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new KilnCommand());
        // the footer's exit code lines are format arguments, so they are written once, in ExitCodes
        String[] footer = commandLine.getCommandSpec().usageMessage().footer();
        commandLine
                .getCommandSpec()
                .usageMessage()
                .footer(Stream.of(footer)
                        .map(line -> String.format(line, (Object[]) ExitCodes.HELP))
                        .toArray(String[]::new));
        return commandLine
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof CliFailure failure) {
                        cmd.getErr().println("kiln: " + firstLine(failure.getMessage()));
                        return failure.exitCode();
                    }
                    cmd.getErr().println("kiln: " + firstLine(e.getMessage() == null ? e.toString() : e.getMessage()));
                    return ExitCodes.FAILED;
                })
                .setParameterExceptionHandler((e, args) -> {
                    CommandLine cmd = e.getCommandLine();
                    String command = cmd.getCommandSpec().qualifiedName();
                    cmd.getErr().println("kiln: " + firstLine(e.getMessage()) + " (see " + command + " --help)");
                    return ExitCodes.USAGE;
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
