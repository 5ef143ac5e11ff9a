package dev.kiln.infra.cli.client;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code kiln train}: submits a training job, from flags or a job file, and optionally follows it. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Submit a training job; with --watch, follow it until it ends.",
            "A job is a data set, a network (a built-in template or a model spec file) and",
            "hyperparameters. --watch draws a live progress bar per epoch (one line per epoch",
            "when the output is not a terminal), then prints the registered model version;",
            "the exit code is 0 when the job SUCCEEDED and its version is READY, 1 otherwise."
        },
        footer = {
            "",
            "Examples:",
            "  kiln train --dataset fashion-mnist --template mlp --epochs 2 \\",
            "      --register-as fmnist --watch",
            "  kiln train --dataset fashion-mnist --model-file my-cnn.json --batch-size 128",
            "  kiln train --file job.yaml --watch",
            "",
            "A job file holds the body of POST /api/v1/jobs in JSON or YAML; flags given as",
            "well override its values. A model spec file holds {\"input\": {\"shape\": [1, 28, 28]},",
            "\"layers\": [{\"type\": \"Flatten\"}, {\"type\": \"Linear\", \"out_features\": 10}]}",
            "(torch.nn layer names), or is the spec.json of a registered version."
        })
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--name", paramLabel = "NAME", description = "A name for the job (default: DATASET-TEMPLATE).")
    String name;

    @Option(names = "--dataset", paramLabel = "DATASET", description = "A registered data set, e.g. fashion-mnist.")
    String dataset;

    @Option(names = "--template", paramLabel = "TEMPLATE", description = "A built-in network: mlp or cnn.")
    String template;

    @Option(
            names = "--model-file",
            paramLabel = "FILE",
            description = "A model spec in JSON or YAML: {\"input\": {...}, \"layers\": [...]} (torch.nn names).")
    Path modelFile;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs to train (the gateway's default: 5).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Samples per batch (default 64).")
    Integer batchSize;

    @Option(names = "--learning-rate", paramLabel = "RATE", description = "The optimizer's learning rate.")
    Double learningRate;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "adam (default) or sgd.")
    String optimizer;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed, for repeatable runs.")
    Long seed;

    @Option(
            names = "--validation-fraction",
            paramLabel = "F",
            description = "Share of the training split held out for validation (default 0.1).")
    Double validationFraction;

    @Option(names = "--device", paramLabel = "DEVICE", description = "auto (default), cpu or gpu.")
    String device;

    @Option(
            names = "--register-as",
            paramLabel = "MODEL",
            description = "Register the trained network as a new version of this model.")
    String registerAs;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "A job file in JSON or YAML, the body of POST /api/v1/jobs.")
    Path file;

    @Option(
            names = {"-w", "--watch"},
            description = "Follow the job until it ends and print the model version it registered.")
    boolean watch;

    @Mixin
    GatewayOptions gateway;

    @Mixin
    OutputOption output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ObjectNode body = body();
        GatewayClient client = gateway.client();
        JsonNode job = client.send("POST", "/api/v1/jobs", body);
        PrintWriter out = spec.commandLine().getOut();
        String id = job.path("id").asString();
        if (output.json() && !watch) {
            out.println(Json.pretty(job));
            out.flush();
            return ExitCodes.OK;
        }
        out.println("Submitted job " + id + " (" + job.path("name").asString() + "), "
                + job.path("status").asString("QUEUED") + " on "
                + job.path("queue").asString("its queue"));
        if (!watch) {
            out.println("Follow it with: kiln jobs watch " + id);
            out.flush();
            return ExitCodes.OK;
        }
        out.flush();
        JobWatcher watcher = new JobWatcher(client, out, Terminal.interactive());
        watcher.report(watcher.follow(id));
        return ExitCodes.OK;
    }

    ObjectNode body() {
        ObjectNode body = file != null ? JobFile.job(file) : Json.MAPPER.createObjectNode();
        if (template != null && modelFile != null) {
            throw CliFailure.usage("give either --template or --model-file, not both");
        }
        if (dataset != null) {
            body.put("dataset", dataset);
        }
        if (template != null) {
            body.putObject("model").put("template", template);
        }
        if (modelFile != null) {
            body.set("model", JobFile.model(modelFile));
        }
        if (!body.hasNonNull("dataset")) {
            throw CliFailure.usage("kiln train needs a data set: --dataset fashion-mnist (see kiln datasets list)");
        }
        if (!body.hasNonNull("model")) {
            throw CliFailure.usage("kiln train needs a network: --template mlp|cnn or --model-file spec.json");
        }
        if (name != null) {
            body.put("name", name);
        } else if (!body.hasNonNull("name")) {
            String model = body.path("model").path("template").asString("custom");
            body.put("name", body.path("dataset").asString() + "-" + model);
        }
        ObjectNode hyperparameters =
                body.get("hyperparameters") instanceof ObjectNode h ? h : Json.MAPPER.createObjectNode();
        putIfSet(hyperparameters, "epochs", epochs);
        putIfSet(hyperparameters, "batch_size", batchSize);
        putIfSet(hyperparameters, "learning_rate", learningRate);
        putIfSet(hyperparameters, "seed", seed);
        putIfSet(hyperparameters, "validation_fraction", validationFraction);
        if (optimizer != null) {
            hyperparameters.put("optimizer", optimizer);
        }
        if (!hyperparameters.isEmpty()) {
            body.set("hyperparameters", hyperparameters);
        }
        if (device != null) {
            ObjectNode resources = body.get("resources") instanceof ObjectNode r ? r : body.putObject("resources");
            resources.put("device", device);
        }
        if (registerAs != null) {
            body.put("register_as", registerAs);
        }
        return body;
    }

    private static void putIfSet(ObjectNode node, String field, Number value) {
        if (value instanceof Integer i) {
            node.put(field, i);
        } else if (value instanceof Long l) {
            node.put(field, l);
        } else if (value instanceof Double d) {
            node.put(field, d);
        }
    }
}
