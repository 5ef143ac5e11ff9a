package dev.kiln.infra.cli;

import dev.kiln.infra.stack.HealthProbe;
import dev.kiln.infra.stack.StackSettings;
import dev.kiln.infra.stack.StackState;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show each part of the local stack and whether it is healthy. Exit code 0 when all are.")
final class StatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        StackSettings settings = StackSettings.fromEnvironment(System.getenv(), KilnCommand.repository());
        Optional<StackState> state = StackState.read(settings.stateFile());
        if (state.isEmpty() || !state.get().launcherAlive()) {
            out.println("Kiln is not running (" + settings.home() + "). Start it with ./kiln up");
            return 3;
        }
        out.printf(
                "Kiln %s, launcher pid %d, data in %s%n",
                state.get().phase(), state.get().launcherPid(), settings.home());
        HealthProbe probe = new HealthProbe();
        boolean allUp = StackState.READY.equals(state.get().phase());
        for (Map.Entry<String, String> part : state.get().parts().entrySet()) {
            String value = part.getValue();
            String health = "running";
            if (value.contains("/actuator/health")) {
                String url = value.substring(value.indexOf(' ') + 1);
                boolean up = probe.isUp(url);
                allUp &= up;
                health = up ? "healthy" : "NOT HEALTHY";
            }
            out.printf("  %-18s %-12s %s%n", part.getKey(), health, value);
        }
        return allUp ? 0 : 1;
    }
}
