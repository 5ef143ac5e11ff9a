package dev.kiln.infra.cli;

import dev.kiln.infra.stack.StackSettings;
import dev.kiln.infra.stack.StackState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code kiln up --detach}: runs {@code kiln up} as a background process and waits until it reports ready. */
final class DetachedStart {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final StackSettings settings;
    private final PrintWriter out;

    DetachedStart(StackSettings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    int run() throws IOException, InterruptedException {
        Files.createDirectories(settings.logs());
        Path log = settings.logs().resolve("launcher.log");
        Files.deleteIfExists(settings.stateFile());
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        ProcessBuilder launcher = new ProcessBuilder(foregroundCommand());
        launcher.environment().put(SignInLink.DETACHED_VARIABLE, "true");
        Process process = launcher.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<StackState> state = StackState.read(settings.stateFile());
            if (state.isPresent() && StackState.READY.equals(state.get().phase())) {
                out.print(SignInLink.revealKey(newLogText(log, logStart), settings.home()));
                out.println("Running in the background (pid " + process.pid() + "); output in " + log);
                return 0;
            }
            if (!process.isAlive()) {
                String text = newLogText(log, logStart);
                System.err.print(text.lines()
                                .filter(l -> l.startsWith("kiln:"))
                                .findFirst()
                                .orElse(text) + "\n");
                return process.exitValue() == 0 ? 1 : process.exitValue();
            }
            Thread.sleep(200);
        }
        System.err.println("kiln: not ready after " + TIMEOUT.toMinutes() + " min; see " + log);
        return 1;
    }

    private static String newLogText(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from));
    }

    private static List<String> foregroundCommand() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        List<String> command = new ArrayList<>();
        command.add(info.command().orElseThrow());
        for (String arg : info.arguments().orElseThrow()) {
            if (!arg.equals("--detach") && !arg.equals("-d")) {
                command.add(arg);
            }
        }
        return command;
    }
}
