package dev.kiln.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code kiln} CLI as a user runs it, against a stack started with {@code ./kiln up --detach}: {@code ./kiln demo}
 * trains the mlp template on Fashion-MNIST, promotes it and predicts the first five test images; the listings show
 * the model and the job; a wrong key and a gateway nobody runs each give one line and their exit code. The stack is
 * started once for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliDemoEndToEndTests {
    private static final Path REPOSITORY =
            Path.of(System.getProperty("kiln.repository", "..")).toAbsolutePath();
    private static final List<String> CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final Pattern PREDICTION = Pattern.compile("(?m)^Predicted: (.+), Actual: (.+)$");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Path home;
    private KilnScript kiln;
    private KilnScript.Result demo;

    @BeforeAll
    void startTheStackAndRunTheDemo(@TempDir Path home) throws Exception {
        this.home = home;
        kiln = new KilnScript(REPOSITORY, home);
        KilnScript.Result up = kiln.run("up", "--detach");
        assertThat(up.exitCode()).as(up.stdout() + up.stderr()).isZero();
        demo = kiln.run("demo");
        System.out.println(demo.stdout());
        System.err.println(demo.stderr());
    }

    @AfterAll
    void stop() throws Exception {
        if (kiln != null) {
            kiln.run("down");
        }
    }

    @Test
    void demoTrainsPromotesAndPredictsTheFirstFiveTestImagesMostlyRight() {
        assertThat(demo.exitCode()).as(demo.stdout() + demo.stderr()).isZero();
        Matcher m = PREDICTION.matcher(demo.stdout());
        int lines = 0;
        int correct = 0;
        while (m.find()) {
            lines++;
            assertThat(CLASSES).as(m.group()).contains(m.group(1), m.group(2));
            correct += m.group(1).equals(m.group(2)) ? 1 : 0;
        }
        assertThat(lines).as(demo.stdout()).isEqualTo(5);
        assertThat(correct).as(demo.stdout()).isGreaterThanOrEqualTo(3);
        // the first test image of Fashion-MNIST is an ankle boot
        assertThat(demo.stdout()).containsPattern("(?m)^Predicted: .+, Actual: Ankle boot$");
        assertThat(demo.stdout())
                .containsPattern("(?m)^epoch 1/2  loss \\d+\\.\\d{4}  acc \\d+\\.\\d%.* samples/s .*$")
                .containsPattern("(?m)^epoch 2/2  loss ")
                .containsPattern("(?m)^Registered model fashion-mnist-demo version \\d+ \\(READY\\)$")
                .containsPattern("(?m)^Promoted fashion-mnist-demo version \\d+ to production$")
                .containsPattern("(?m)^Accuracy: " + correct + "/5 \\(\\d+%\\)$");
    }

    @Test
    void modelsListAsJsonHoldsTheDemoModelWithItsProductionAlias() throws Exception {
        KilnScript.Result models = kiln.run("models", "list", "--output", "json");
        assertThat(models.exitCode()).as(models.stderr()).isZero();
        JsonNode answer = JSON.readTree(models.stdout());
        JsonNode model = null;
        for (JsonNode m : answer.path("models")) {
            if (m.path("name").asString().equals("fashion-mnist-demo")) {
                model = m;
            }
        }
        assertThat(model).as(models.stdout()).isNotNull();
        assertThat(model.path("aliases").path("production").asInt())
                .isEqualTo(model.path("latest_version").asInt());
    }

    @Test
    void jobsListShowsTheDemoJobSucceeded() throws Exception {
        KilnScript.Result jobs = kiln.run("jobs", "list");
        assertThat(jobs.exitCode()).as(jobs.stderr()).isZero();
        assertThat(jobs.stdout().lines().findFirst().orElseThrow())
                .startsWith("ID")
                .contains("STATUS");
        assertThat(jobs.stdout()).containsPattern("(?m)^\\S+\\s+demo-mlp\\s+SUCCEEDED\\s+fashion-mnist\\s+2/2\\s");
    }

    @Test
    void aWrongApiKeyIsExitFourAndOneLine() throws Exception {
        Result r = script(
                Map.of(
                        "KILN_API_KEY",
                        "kiln_000000000000_wrong",
                        "KILN_HOME",
                        home.toString(),
                        "KILN_GATEWAY_PORT",
                        String.valueOf(kiln.port("GATEWAY"))),
                "models",
                "list");
        assertThat(r.exitCode).as(r.stdout + r.stderr).isEqualTo(4);
        assertThat(r.stderrLines()).hasSize(1);
        assertThat(r.stderrLines().get(0))
                .startsWith("kiln: the gateway refused the API key from KILN_API_KEY (401")
                .endsWith("set KILN_API_KEY or check $KILN_HOME/api-key");
    }

    @Test
    void aGatewayNobodyRunsIsExitThreeAndOneLine() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Result r = script(Map.of("KILN_HOME", home.toString()), "jobs", "list", "--url", "http://127.0.0.1:" + port);
        assertThat(r.exitCode).as(r.stdout + r.stderr).isEqualTo(3);
        assertThat(r.stderrLines())
                .containsExactly("kiln: cannot reach the gateway at http://127.0.0.1:" + port
                        + " (connection refused); is it running? try ./kiln status");
    }

    /** {@code ./kiln} with an environment of the test's choosing (KilnScript's carries the stack's own key). */
    private static Result script(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(REPOSITORY.resolve("kiln").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPOSITORY.toFile());
        builder.environment().remove("KILN_API_KEY");
        builder.environment().remove("KILN_URL");
        builder.environment().putAll(env);
        builder.environment().put("KILN_SKIP_BUILD", "true");
        Path out = Files.createTempFile("kiln-out", ".txt");
        Path err = Files.createTempFile("kiln-err", ".txt");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("./kiln " + String.join(" ", args) + " did not finish in 2 minutes");
        }
        return new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String stdout, String stderr) {
        List<String> stderrLines() {
            return stderr.lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
