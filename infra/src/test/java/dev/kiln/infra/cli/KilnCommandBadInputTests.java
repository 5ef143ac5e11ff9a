package dev.kiln.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.infra.testing.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln up} with bad settings, run as a real process: one clear line, a non-zero exit, nothing started. */
class KilnCommandBadInputTests {
    @TempDir
    Path home;

    @Test
    void malformedPostgresUrlIsOneLineNamingTheSetting() throws Exception {
        Result r = up(Map.of("KILN_POSTGRES_URL", "mysql://nowhere"));
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.stderrLines).hasSize(1);
        assertThat(r.stderrLines.get(0)).startsWith("kiln: KILN_POSTGRES_URL 'mysql://nowhere' is not usable");
        assertNothingStarted();
    }

    @Test
    void takenPortIsOneLineNamingThePortAndTheSettingToChange() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            Result r = up(Map.of("KILN_S3_PORT", String.valueOf(port)));
            assertThat(r.exitCode).isEqualTo(1);
            assertThat(r.stderrLines)
                    .containsExactly(
                            "kiln: port " + port
                                    + " (S3) is already in use on 127.0.0.1; stop what uses it or set KILN_S3_PORT to a free port");
        }
        assertNothingStarted();
    }

    @Test
    void twoPartsOnOnePortAreRefusedNamingBothSettings() throws Exception {
        int port = FreePorts.distinct(1).get(0);
        Result r = up(Map.of("KILN_REGISTRY_PORT", String.valueOf(port), "KILN_S3_PORT", String.valueOf(port)));
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.stderrLines)
                .containsExactly("kiln: KILN_REGISTRY_PORT and KILN_S3_PORT are both " + port
                        + " (model-registry and S3); give each part its own port");
        assertNothingStarted();
    }

    @Test
    void unwritableHomeIsOneLineNamingIt() throws Exception {
        Path file = Files.writeString(home.resolve("a-file"), "x");
        Result r = up(Map.of("KILN_HOME", file.resolve("kiln").toString()));
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.stderrLines).hasSize(1);
        assertThat(r.stderrLines.get(0))
                .startsWith("kiln: KILN_HOME " + file.resolve("kiln") + " is not writable")
                .endsWith("set KILN_HOME to a folder you can write");
    }

    @Test
    void portThatIsNotANumberIsRefused() throws Exception {
        Result r = up(Map.of("KILN_GATEWAY_PORT", "eighty"));
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.stderrLines)
                .containsExactly("kiln: KILN_GATEWAY_PORT='eighty' is not a port; use a number from 1 to 65535");
    }

    @Test
    void statusAndDownOfAStackThatIsNotRunningSaySo() throws Exception {
        Result status = run(List.of("status"), Map.of());
        assertThat(status.exitCode).isEqualTo(3);
        assertThat(status.stdout).contains("Kiln is not running");
        Result down = run(List.of("down"), Map.of());
        assertThat(down.exitCode).isZero();
        assertThat(down.stdout).contains("Kiln is not running");
    }

    private void assertNothingStarted() {
        assertThat(home.resolve("run/stack.properties")).doesNotExist();
        assertThat(home.resolve("kafka")).doesNotExist();
        assertThat(home.resolve("postgres")).doesNotExist();
    }

    private Result up(Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>();
        // free ports everywhere, so only the setting under test can fail
        all.putAll(FreePorts.forLocalStack());
        all.putAll(env);
        return run(List.of("up"), all);
    }

    private Result run(List<String> args, Map<String, String> env) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                KilnCommand.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("KILN_HOME", home.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        assertThat(done).as("kiln exits on bad input").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(
                p.exitValue(), out, err.lines().filter(l -> !l.isBlank()).toList());
    }

    private record Result(int exitCode, String stdout, List<String> stderrLines) {}
}
