package dev.kiln.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API commands of {@code kiln} against a gateway stand-in: the requests they build from flags and files, how they
 * print answers (tables, raw JSON, one line per epoch), their exit codes and their one-line errors.
 */
class KilnCliTests {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String JOB_ID = "6f1c0b8e-1111-4222-8333-944455556666";

    @TempDir
    Path dir;

    private final GatewayStub gateway = newStub();

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        Result r = run("--help");
        assertThat(r.exit).isZero();
        for (String command :
                List.of("up", "down", "status", "train", "jobs", "models", "datasets", "predict", "demo")) {
            assertThat(r.out).containsPattern("(?m)^  " + command + "\\s+\\S");
        }
        assertThat(r.out).contains("Exit codes: 0 ok; 1 the operation failed").contains("3 cannot reach the gateway");
        assertThat(r.out.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    }

    @Test
    void everySubcommandHasHelpWithExamplesThatFitsAnEightyColumnTerminal() {
        for (String command : List.of("train", "jobs", "models", "datasets", "predict", "demo")) {
            Result r = run(command, "--help");
            assertThat(r.exit).as(command).isZero();
            assertThat(r.out).as(command).contains("Examples:");
            assertThat(r.out.lines()).as(command).allSatisfy(line -> assertThat(line.length())
                    .isLessThanOrEqualTo(80));
        }
    }

    @Test
    void trainTurnsFlagsIntoTheJobBody() throws Exception {
        gateway.json("POST", "/api/v1/jobs", 202, queued());
        Result r = cli(
                "train",
                "--dataset",
                "fashion-mnist",
                "--template",
                "mlp",
                "--epochs",
                "3",
                "--batch-size",
                "128",
                "--learning-rate",
                "0.01",
                "--device",
                "cpu",
                "--register-as",
                "fmnist");
        assertThat(r.exit).as(r.err).isZero();
        GatewayStub.Received post = gateway.received.get(0);
        assertThat(post.header("Authorization")).isEqualTo("Bearer test-key");
        assertThat(post.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = JSON.readTree(post.text());
        assertThat(body.path("name").asString()).isEqualTo("fashion-mnist-mlp");
        assertThat(body.path("dataset").asString()).isEqualTo("fashion-mnist");
        assertThat(body.path("model").path("template").asString()).isEqualTo("mlp");
        assertThat(body.path("hyperparameters").path("epochs").asInt()).isEqualTo(3);
        assertThat(body.path("hyperparameters").path("batch_size").asInt()).isEqualTo(128);
        assertThat(body.path("hyperparameters").path("learning_rate").asDouble())
                .isEqualTo(0.01);
        assertThat(body.path("resources").path("device").asString()).isEqualTo("cpu");
        assertThat(body.path("register_as").asString()).isEqualTo("fmnist");
        assertThat(r.out).contains("Submitted job " + JOB_ID).contains("kiln jobs watch " + JOB_ID);
    }

    @Test
    void trainReadsAYamlJobFileAndFlagsOverrideIt() throws Exception {
        Path file = Files.writeString(
                dir.resolve("job.yaml"),
                """
                name: from-file
                dataset: fashion-mnist
                model:
                  input: {shape: [1, 28, 28]}
                  layers:
                    - {type: Flatten}
                    - {type: Linear, out_features: 10}
                hyperparameters: {epochs: 7, optimizer: sgd}
                """);
        gateway.json("POST", "/api/v1/jobs", 202, queued());
        Result r = cli("train", "--file", file.toString(), "--epochs", "2");
        assertThat(r.exit).as(r.err).isZero();
        JsonNode body = JSON.readTree(gateway.received.get(0).text());
        assertThat(body.path("name").asString()).isEqualTo("from-file");
        assertThat(body.path("model").path("layers").get(1).path("out_features").asInt())
                .isEqualTo(10);
        assertThat(body.path("hyperparameters").path("epochs").asInt()).isEqualTo(2);
        assertThat(body.path("hyperparameters").path("optimizer").asString()).isEqualTo("sgd");
    }

    @Test
    void trainWithoutANetworkIsAUsageErrorInOneLineAndSendsNothing() {
        Result r = cli("train", "--dataset", "fashion-mnist");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.errLines())
                .containsExactly("kiln: kiln train needs a network: --template mlp|cnn or --model-file spec.json");
        assertThat(gateway.received).isEmpty();
    }

    @Test
    void aJobFileThatIsNotJsonIsAUsageErrorNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("job.json"), "{\"name\": ");
        Result r = cli("train", "--file", file.toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("kiln: " + file + " is not valid JSON");
    }

    @Test
    void unknownOptionIsExitTwoInOneLine() {
        Result r = run("jobs", "list", "--colour");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("kiln: Unknown option: '--colour' (see kiln jobs list --help)");
    }

    @Test
    void watchDrawsOneLinePerEpochAndEndsWithTheRegisteredVersion() {
        gateway.events(
                "/api/v1/jobs/" + JOB_ID + "/events",
                "JobSnapshot",
                job("RUNNING", "[]", "null"),
                "TrainingJobStarted",
                "{\"type\":\"TrainingJobStarted\",\"worker\":\"w-1\",\"device\":\"cpu\",\"attempt\":1,"
                        + "\"resumed_from_epoch\":0}",
                "BatchProgress",
                "{\"epoch\":1,\"batch\":100,\"batches_per_epoch\":844,\"loss\":0.7,\"accuracy\":0.7,"
                        + "\"samples_per_second\":9000.0}",
                "EpochCompleted",
                epoch(1, 0.52),
                "EpochCompleted",
                epoch(2, 0.41),
                "TrainingJobSucceeded",
                "{\"test_accuracy\":0.861}");
        gateway.json(
                "GET",
                "/api/v1/jobs/" + JOB_ID,
                200,
                job(
                        "SUCCEEDED",
                        "[" + epoch(1, 0.52) + "," + epoch(2, 0.41) + "]",
                        "{\"name\":\"fmnist\",\"version\":3,\"status\":\"READY\"}"));
        Result r = cli("jobs", "watch", JOB_ID);
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out.lines().filter(l -> l.startsWith("epoch ")))
                .containsExactly(
                        "epoch 1/2  loss 0.5200  acc 81.0%  val_loss 0.4400  val_acc 84.0%  9,000 samples/s  6.1 s",
                        "epoch 2/2  loss 0.4100  acc 81.0%  val_loss 0.4400  val_acc 84.0%  9,000 samples/s  6.1 s");
        assertThat(r.out).contains("Training on w-1 (cpu), attempt 1");
        assertThat(r.out).doesNotContain("[#");
        assertThat(r.out).contains("Job " + JOB_ID + " SUCCEEDED: test accuracy 86.1%");
        assertThat(r.out.strip()).endsWith("Registered model fmnist version 3 (READY)");
    }

    @Test
    void watchOfAFailedJobExitsOneWithItsErrorOnOneLine() {
        String failed = job("FAILED", "[]", "null").replace("\"error\":null", "\"error\":\"out of memory\\nat ...\"");
        gateway.events("/api/v1/jobs/" + JOB_ID + "/events", "JobSnapshot", failed);
        gateway.json("GET", "/api/v1/jobs/" + JOB_ID, 200, failed);
        Result r = cli("jobs", "watch", JOB_ID);
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("kiln: job " + JOB_ID + " FAILED: out of memory");
    }

    @Test
    void jobsListPrintsATableOrTheRawAnswer() throws Exception {
        String answer = "{\"jobs\":["
                + job(
                        "SUCCEEDED",
                        "[" + epoch(1, 0.5) + "]",
                        "{\"name\":\"fmnist\"," + "\"version\":3,\"status\":\"READY\"}")
                + "],\"next_page_token\":null}";
        gateway.json("GET", "/api/v1/jobs?status=SUCCEEDED", 200, answer);
        Result table = cli("jobs", "list", "--status", "SUCCEEDED");
        assertThat(table.exit).as(table.err).isZero();
        assertThat(table.out.lines().toList().get(0))
                .startsWith("ID")
                .contains("STATUS")
                .contains("TEST ACC");
        assertThat(table.out)
                .contains(JOB_ID)
                .contains("SUCCEEDED")
                .contains("1/2")
                .contains("fmnist v3");

        Result json = cli("jobs", "list", "--status", "SUCCEEDED", "-o", "json");
        assertThat(JSON.readTree(json.out)).isEqualTo(JSON.readTree(answer));
    }

    @Test
    void modelsPromoteSetsTheAlias() throws Exception {
        gateway.json(
                "PUT",
                "/api/v1/models/fmnist/aliases/production",
                200,
                "{\"name\":\"fmnist\"," + "\"alias\":\"production\",\"version\":3}");
        Result r = cli("models", "promote", "fmnist", "3", "--alias", "production");
        assertThat(r.exit).as(r.err).isZero();
        assertThat(JSON.readTree(gateway.received.get(0).text()).path("version").asInt())
                .isEqualTo(3);
        assertThat(r.out).contains("Promoted fmnist version 3 to production");
    }

    @Test
    void notFoundIsExitOneWithTheGatewaysDetail() {
        gateway.problem("GET", "/api/v1/models/nope", 404, "NOT_FOUND", "model 'nope' does not exist");
        Result r = cli("models", "show", "nope");
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("kiln: model 'nope' does not exist (404)");
    }

    @Test
    void predictSendsTheImageAndPrintsTheTopThree() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0};
        Path image = Files.write(dir.resolve("boot.png"), png);
        gateway.json(
                "POST",
                "/api/v1/predict/fmnist@production",
                200,
                "{\"model_name\":\"fmnist\",\"model_version\":\"3\",\"predictions\":[{\"label\":\"Ankle boot\","
                        + "\"probabilities\":{\"Sandal\":0.02,\"Sneaker\":0.05,\"Bag\":0.001,"
                        + "\"Ankle boot\":0.929}}]}");
        Result r = cli("predict", "fmnist@production", image.toString());
        assertThat(r.exit).as(r.err).isZero();
        GatewayStub.Received post = gateway.received.get(0);
        assertThat(post.header("Content-Type")).isEqualTo("image/png");
        assertThat(post.body()).isEqualTo(png);
        assertThat(r.out.lines())
                .containsExactly(
                        "Predicted: \"Ankle boot\"",
                        "  Ankle boot   92.90%",
                        "  Sneaker       5.00%",
                        "  Sandal        2.00%");
    }

    @Test
    void predictRefusesAFileThatIsNoImage() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        Result r = cli("predict", "fmnist", text.toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).contains("is neither a PNG nor a JPEG image");
        assertThat(gateway.received).isEmpty();
    }

    @Test
    void aRefusedKeyIsExitFourInOneLine() {
        gateway.refuseEveryKey();
        Result r = cli("datasets", "list");
        assertThat(r.exit).isEqualTo(4);
        assertThat(r.errLines())
                .containsExactly("kiln: the gateway refused the API key from --api-key (401: unknown API key); set"
                        + " KILN_API_KEY or check $KILN_HOME/api-key");
    }

    @Test
    void aGatewayNobodyRunsIsExitThreeInOneLine() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Result r = run("models", "list", "--url", "http://127.0.0.1:" + port, "--api-key", "k");
        assertThat(r.exit).isEqualTo(3);
        assertThat(r.errLines())
                .containsExactly("kiln: cannot reach the gateway at http://127.0.0.1:" + port
                        + " (connection refused); is it running? try ./kiln status");
    }

    private static GatewayStub newStub() {
        try {
            return new GatewayStub();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String queued() {
        return "{\"id\":\"" + JOB_ID + "\",\"name\":\"fashion-mnist-mlp\",\"status\":\"QUEUED\","
                + "\"queue\":\"training-jobs-cpu\"}";
    }

    private static String job(String status, String epochs, String modelVersion) {
        return "{\"id\":\"" + JOB_ID + "\",\"name\":\"fmnist-mlp\",\"status\":\"" + status + "\","
                + "\"dataset\":\"fashion-mnist\",\"model\":{\"template\":\"mlp\"},"
                + "\"hyperparameters\":{\"epochs\":2,\"batch_size\":64},\"register_as\":\"fmnist\","
                + "\"attempt\":1,\"epochs\":" + epochs + ",\"test_accuracy\":"
                + (status.equals("SUCCEEDED") ? "0.861" : "null") + ",\"error\":null,"
                + "\"model_version\":" + modelVersion + ",\"created_at\":\"2026-11-29T22:44:56.123Z\"}";
    }

    private static String epoch(int epoch, double loss) {
        return "{\"epoch\":" + epoch + ",\"train_loss\":" + loss + ",\"train_accuracy\":0.81,\"val_loss\":0.44,"
                + "\"val_accuracy\":0.84,\"samples_per_second\":9000.0,\"seconds\":6.1}";
    }

    /** Runs kiln against the stub with a key given on the command line. */
    private Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", gateway.url(), "--api-key", "test-key"));
        return run(all.toArray(String[]::new));
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine kiln = KilnCommand.commandLine();
        kiln.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int exit = kiln.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private record Result(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
