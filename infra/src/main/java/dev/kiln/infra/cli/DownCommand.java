package dev.kiln.infra.cli;

import dev.kiln.infra.stack.StackSettings;
import dev.kiln.infra.stack.StackState;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = "Stop the local stack started by ./kiln up. Jobs, models and data stay in $KILN_HOME.")
final class DownCommand implements Callable<Integer> {
    private static final long WAIT_SECONDS = 90;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        StackSettings settings = StackSettings.fromEnvironment(System.getenv(), KilnCommand.repository());
        Optional<StackState> state = StackState.read(settings.stateFile());
        if (state.isEmpty() || !state.get().launcherAlive()) {
            out.println("Kiln is not running (" + settings.home() + ").");
            return 0;
        }
        ProcessHandle launcher = ProcessHandle.of(state.get().launcherPid()).orElseThrow();
        out.println("Stopping Kiln (pid " + launcher.pid() + ") ...");
        out.flush();
        launcher.destroy();
        try {
            launcher.onExit().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
            out.println("It did not stop within " + WAIT_SECONDS + " s and was killed.");
            return 1;
        }
        out.println("Stopped. Data kept in " + settings.home());
        return 0;
    }
}
