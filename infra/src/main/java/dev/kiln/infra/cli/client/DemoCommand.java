package dev.kiln.infra.cli.client;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code kiln demo}: the whole loop in one command. Trains the {@code mlp} template on Fashion-MNIST, waits for the
 * registered version to be READY, promotes it to {@code production}, and predicts the first test images of the data
 * set (as the registry serves them), printing each prediction next to the true class.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Train, promote and predict on Fashion-MNIST: the whole loop in one command.",
            "Trains the mlp template on the fashion-mnist data set, waits until the new",
            "version is READY, promotes it to production, and predicts the first test images:",
            "\"Predicted: Ankle boot, Actual: Ankle boot\" for each, then the accuracy.",
            "Needs a running platform (./kiln up) with the fashion-mnist data set."
        },
        footer = {"", "Examples:", "  kiln demo", "  kiln demo --epochs 5 --images 20 --model my-fmnist"})
public final class DemoCommand implements Callable<Integer> {
    static final String DATASET = "fashion-mnist";
    private static final Duration PROMOTION = Duration.ofSeconds(15);
    private static final Duration DATASET_WAIT = Duration.ofSeconds(90);

    @Option(
            names = "--epochs",
            paramLabel = "N",
            defaultValue = "2",
            description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = {"-n", "--images"},
            paramLabel = "N",
            defaultValue = "5",
            description = "Test images to predict, 1 to 256 (default ${DEFAULT-VALUE}).")
    int images;

    @Option(
            names = "--model",
            paramLabel = "NAME",
            defaultValue = "fashion-mnist-demo",
            description = "The model to register the new version under (default ${DEFAULT-VALUE}).")
    String model;

    @Mixin
    GatewayOptions gateway;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (epochs < 1) {
            throw CliFailure.usage("--epochs must be at least 1, got " + epochs);
        }
        if (images < 1 || images > 256) {
            throw CliFailure.usage("--images must be between 1 and 256, got " + images);
        }
        GatewayClient client = gateway.client();
        PrintWriter out = spec.commandLine().getOut();
        awaitDataset(client, out);
        out.printf(
                Locale.ROOT,
                "Training the mlp template on %s for %d epoch%s, registered as %s%n",
                DATASET,
                epochs,
                epochs == 1 ? "" : "s",
                model);
        out.flush();

        ObjectNode job = Json.MAPPER.createObjectNode();
        job.put("name", "demo-mlp").put("dataset", DATASET).put("register_as", model);
        job.putObject("model").put("template", "mlp");
        job.putObject("hyperparameters").put("epochs", epochs);
        String id = client.send("POST", "/api/v1/jobs", job).path("id").asString();
        JobWatcher watcher = new JobWatcher(client, out, Terminal.interactive());
        int version = watcher.report(watcher.follow(id)).path("version").asInt();

        ObjectNode alias = Json.MAPPER.createObjectNode().put("version", version);
        client.send("PUT", "/api/v1/models/" + PathSegments.encode(model) + "/aliases/production", alias);
        out.println("Promoted " + model + " version " + version + " to production");

        JsonNode samples = client.get("/api/v1/datasets/" + DATASET + "/samples?split=test&n=" + images);
        List<String> actual = new ArrayList<>();
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode instances = body.putArray("instances");
        for (JsonNode sample : samples.path("samples")) {
            actual.add(sample.path("class_name").asString(sample.path("label").asString()));
            ArrayNode pixels = instances.addArray();
            for (JsonNode p : sample.path("pixels")) {
                pixels.add(p.asInt() / 255f);
            }
        }
        out.println("Predicting the first " + actual.size() + " test images with " + model + "@production:");
        out.flush();
        JsonNode predictions = predict(client, body, version).path("predictions");
        int correct = 0;
        for (int i = 0; i < actual.size(); i++) {
            String predicted = predictions.path(i).path("label").asString();
            correct += predicted.equals(actual.get(i)) ? 1 : 0;
            out.println("Predicted: " + predicted + ", Actual: " + actual.get(i));
        }
        out.printf(
                Locale.ROOT,
                "Accuracy: %d/%d (%.0f%%)%n",
                correct,
                actual.size(),
                100.0 * correct / Math.max(1, actual.size()));
        out.flush();
        return ExitCodes.OK;
    }

    /** The registry registers fashion-mnist shortly after it starts: wait for it rather than fail at once. */
    private static void awaitDataset(GatewayClient client, PrintWriter out) {
        long deadline = System.nanoTime() + DATASET_WAIT.toNanos();
        boolean said = false;
        while (true) {
            try {
                client.get("/api/v1/datasets/" + DATASET);
                return;
            } catch (CliFailure e) {
                if (e.httpStatus() != 404) {
                    throw e;
                }
                if (System.nanoTime() > deadline) {
                    throw CliFailure.failed("the gateway has no " + DATASET + " data set after "
                            + DATASET_WAIT.toSeconds() + " s; install Debian's dataset-fashion-mnist (files in"
                            + " /usr/share/datasets/fashion-mnist) on the registry's machine and restart it");
                }
                if (!said) {
                    out.println("Waiting for the registry to register the " + DATASET + " data set ...");
                    out.flush();
                    said = true;
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliFailure.failed("interrupted");
            }
        }
    }

    /** Predicts with {@code model@production}, waiting briefly until inference serves the promoted version. */
    private JsonNode predict(GatewayClient client, ObjectNode body, int version) {
        String path = "/api/v1/predict/" + PathSegments.encode(model) + "@production";
        long deadline = System.nanoTime() + PROMOTION.toNanos();
        JsonNode answer = client.send("POST", path, body);
        while (!answer.path("model_version").asString().equals(String.valueOf(version))
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliFailure.failed("interrupted");
            }
            answer = client.send("POST", path, body);
        }
        return answer;
    }
}
