package dev.kiln.infra.cli.client;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** {@code kiln datasets list | show | upload}. */
@Command(
        name = "datasets",
        mixinStandardHelpOptions = true,
        description = "List, inspect and upload data sets.",
        synopsisSubcommandLabel = "(list | show | upload)",
        footer = {
            "",
            "Examples:",
            "  kiln datasets list",
            "  kiln datasets show fashion-mnist",
            "  kiln datasets upload mnist train-images-idx3-ubyte.gz \\",
            "      train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz",
            "  kiln datasets upload iris train.csv test.csv --label-column species"
        })
public final class DatasetsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "kiln datasets needs a subcommand: list, show or upload");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the registered data sets.")
    int list(@Mixin GatewayOptions gateway, @Mixin OutputOption output) {
        JsonNode answer = gateway.client().get("/api/v1/datasets");
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(Json.pretty(answer));
            out.flush();
            return ExitCodes.OK;
        }
        Table table = new Table("NAME", "FORMAT", "SHAPE", "CLASSES", "TRAIN", "TEST", "CREATED");
        for (JsonNode d : answer.path("datasets")) {
            row(table, d);
        }
        if (table.isEmpty()) {
            out.println("No data sets. Upload one with kiln datasets upload (see kiln datasets upload --help).");
        } else {
            table.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a data set and its class names.")
    int show(
            @Mixin GatewayOptions gateway,
            @Mixin OutputOption output,
            @Parameters(paramLabel = "NAME", description = "The data set.") String name) {
        JsonNode d = gateway.client().get("/api/v1/datasets/" + PathSegments.encode(name));
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(Json.pretty(d));
        } else {
            Table table = new Table("NAME", "FORMAT", "SHAPE", "CLASSES", "TRAIN", "TEST", "CREATED");
            row(table, d);
            table.print(out);
            out.println("Classes: " + String.join(", ", texts(d.path("class_names"))));
        }
        out.flush();
        return ExitCodes.OK;
    }

    @Command(
            name = "upload",
            mixinStandardHelpOptions = true,
            description = {
                "Upload a data set.",
                "IDX: the four files, train and test images and labels, gzipped or not; each",
                "file's split comes from its name (train-…, test-… or MNIST's t10k-…).",
                "CSV: a train and a test file with a label column and numeric feature columns."
            })
    int upload(
            @Mixin GatewayOptions gateway,
            @Mixin OutputOption output,
            @Parameters(index = "0", paramLabel = "NAME", description = "The data set's name.") String name,
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE", description = "Its files.")
                    List<Path> files,
            @Option(
                            names = "--format",
                            paramLabel = "FORMAT",
                            description = "idx or csv (default: csv when every file ends in .csv, else idx).")
                    String format,
            @Option(
                            names = "--classes",
                            paramLabel = "NAMES",
                            split = ",",
                            description = "Class names in label order, comma-separated.")
                    List<String> classes,
            @Option(names = "--label-column", paramLabel = "COLUMN", description = "The label column of a CSV.")
                    String labelColumn) {
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw CliFailure.usage(file + " does not exist or is not a file");
            }
        }
        String chosen = format != null
                ? format.toLowerCase(Locale.ROOT)
                : files.stream().allMatch(f -> f.getFileName()
                                .toString()
                                .toLowerCase(Locale.ROOT)
                                .endsWith(".csv"))
                        ? "csv"
                        : "idx";
        MultipartBody body = new MultipartBody().field("name", name).field("format", chosen);
        if (classes != null && !classes.isEmpty()) {
            ArrayNode names = Json.MAPPER.createArrayNode();
            classes.stream().map(String::strip).forEach(names::add);
            body.field("classes", Json.compact(names));
        }
        if (labelColumn != null) {
            body.field("label_column", labelColumn);
        }
        for (Path file : files) {
            body.file("files", file);
        }
        JsonNode d = gateway.client().post("/api/v1/datasets", body.contentType(), body.publisher());
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(Json.pretty(d));
        } else {
            out.println("Uploaded data set " + d.path("name").asString() + ": "
                    + d.path("format").asString()
                    + ", shape " + Formats.shape(d.get("input_shape")) + ", "
                    + d.path("num_classes").asInt()
                    + " classes, "
                    + d.path("splits").path("train").path("count").asInt() + " train and "
                    + d.path("splits").path("test").path("count").asInt() + " test samples");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void row(Table table, JsonNode d) {
        table.row(
                d.path("name").asString(),
                d.path("format").asString(),
                Formats.shape(d.get("input_shape")),
                d.path("num_classes").asInt(),
                d.path("splits").path("train").path("count").asString("-"),
                d.path("splits").path("test").path("count").asString("-"),
                Formats.time(d.get("created_at")));
    }

    private static List<String> texts(JsonNode array) {
        return Arrays.asList(java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asString)
                .toArray(String[]::new));
    }
}
