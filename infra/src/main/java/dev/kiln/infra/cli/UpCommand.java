package dev.kiln.infra.cli;

import dev.kiln.infra.stack.LocalStack;
import dev.kiln.infra.stack.StackException;
import dev.kiln.infra.stack.StackSettings;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Start the whole platform on this machine.",
            "Kafka, an S3 server and PostgreSQL run embedded, then the gateway, model-registry,",
            "training-service and inference-service.",
            "Waits until every part is healthy and prints the dashboard URL. Ctrl-C or ./kiln down stops it."
        },
        footer = {
            "",
            "Environment: KILN_HOME (data, default ~/.kiln), KILN_POSTGRES_URL (use your PostgreSQL),",
            "KILN_BIND_ADDRESS (default 127.0.0.1), KILN_<PART>_PORT to move a port (the error names it)."
        })
final class UpCommand implements Callable<Integer> {
    @Option(
            names = {"-d", "--detach"},
            description = "Start in the background and return once everything is healthy.")
    boolean detach;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        StackSettings settings = StackSettings.fromEnvironment(System.getenv(), KilnCommand.repository());
        if (detach) {
            return new DetachedStart(settings, out).run();
        }
        out.println("Starting Kiln from " + settings.home() + " ...");
        out.flush();
        LocalStack stack = LocalStack.start(settings, line -> {
            out.println("  ok  " + line);
            out.flush();
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping Kiln ...");
            out.flush();
            stack.close();
            out.println("Stopped. Data kept in " + settings.home());
            out.flush();
            stopped.countDown();
        }));
        String ready = readyMessage(stack);
        out.println(System.getenv(SignInLink.DETACHED_VARIABLE) == null ? ready : SignInLink.hideKey(ready));
        out.flush();
        stopped.await();
        return 0;
    }

    static String readyMessage(LocalStack stack) throws StackException {
        return String.format(
                Locale.ROOT,
                "Kiln is up in %.1f s. Dashboard: %s%n  memory of the whole stack: %d MiB resident%n"
                        + "  logs: %s   stop: Ctrl-C or ./kiln down",
                stack.startupTime().toMillis() / 1000.0,
                stack.dashboardUrl(),
                stack.residentMemoryBytes() >> 20,
                stack.settings().logs());
    }
}
