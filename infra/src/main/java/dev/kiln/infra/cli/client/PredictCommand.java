package dev.kiln.infra.cli.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code kiln predict MODEL[@ALIAS] IMAGE… | --json FILE}. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = {
            "Predict with a registered model, from images or an inference request.",
            "Images are PNG or JPEG files (the server resizes them and converts them to the",
            "model's input); --json sends an Open Inference Protocol (KServe V2) infer body.",
            "MODEL alone means its production alias if set, else its latest READY version;",
            "MODEL@ALIAS picks an alias. Prints the predicted class and the most probable ones."
        },
        footer = {
            "",
            "Examples:",
            "  kiln predict fmnist boot.png",
            "  kiln predict fmnist@production shirt.jpg boot.png --top 5",
            "  kiln predict fmnist --json infer.json",
            "",
            "infer.json: {\"inputs\": [{\"name\": \"input\", \"shape\": [1, 1, 28, 28],",
            "             \"datatype\": \"FP32\", \"data\": [0.0, …]}]}  (pixels scaled to 0..1)"
        })
public final class PredictCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "MODEL[@ALIAS]",
            description = "The registered model, e.g. fmnist@production.")
    String model;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "IMAGE", description = "PNG or JPEG files.")
    List<Path> images = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "An Open Inference Protocol infer body (KServe V2).")
    Path json;

    @Option(
            names = "--top",
            paramLabel = "K",
            defaultValue = "3",
            description = "How many of the most probable classes to show (default ${DEFAULT-VALUE}).")
    int top;

    @Mixin
    GatewayOptions gateway;

    @Mixin
    OutputOption output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (images.isEmpty() == (json == null)) {
            throw CliFailure.usage(
                    "give image files or --json FILE (one of the two), e.g. kiln predict " + model + " boot.png");
        }
        String ref = modelPath(model);
        GatewayClient client = gateway.client();
        PrintWriter out = spec.commandLine().getOut();
        if (json != null) {
            inferJson(client, ref, out);
        } else {
            for (Path image : images) {
                String type = imageType(image);
                JsonNode answer = client.post(
                        "/api/v1/predict/" + ref, type, HttpRequest.BodyPublishers.ofByteArray(read(image)));
                if (output.json()) {
                    out.println(Json.pretty(answer));
                    continue;
                }
                for (JsonNode prediction : answer.path("predictions")) {
                    List<Map.Entry<String, Double>> scores = new ArrayList<>();
                    prediction
                            .path("probabilities")
                            .properties()
                            .forEach(e -> scores.add(
                                    Map.entry(e.getKey(), e.getValue().asDouble())));
                    print(
                            out,
                            images.size() > 1 ? image + ": " : "",
                            prediction.path("label").asString(),
                            scores);
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void inferJson(GatewayClient client, String ref, PrintWriter out) {
        JsonNode body = Json.tryParse(new String(read(json), java.nio.charset.StandardCharsets.UTF_8))
                .filter(JsonNode::isObject)
                .orElseThrow(() -> CliFailure.usage(json + " is not a JSON object; expected an Open Inference"
                        + " Protocol body {\"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}]}"));
        JsonNode answer = client.send("POST", "/v2/models/" + ref + "/infer", body);
        if (output.json()) {
            out.println(Json.pretty(answer));
            return;
        }
        JsonNode probabilities = null;
        JsonNode labels = null;
        for (JsonNode o : answer.path("outputs")) {
            if (o.path("datatype").asString().equals("FP32") && o.path("shape").size() == 2) {
                if (probabilities == null || o.path("name").asString().equals("probabilities")) {
                    probabilities = o;
                }
            } else if (o.path("name").asString().equals("label")) {
                labels = o;
            }
        }
        if (probabilities == null) {
            out.println(Json.pretty(answer));
            return;
        }
        List<String> classNames = classNames(client, answer);
        int rows = probabilities.path("shape").get(0).asInt();
        int columns = probabilities.path("shape").get(1).asInt();
        JsonNode data = probabilities.path("data");
        for (int row = 0; row < rows; row++) {
            List<Map.Entry<String, Double>> scores = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                String name = c < classNames.size() ? classNames.get(c) : String.valueOf(c);
                scores.add(Map.entry(name, data.get(row * columns + c).asDouble()));
            }
            String best = labels != null && labels.path("data").size() > row
                    ? labels.path("data").get(row).asString()
                    : scores.stream()
                            .max(Map.Entry.comparingByValue())
                            .orElseThrow()
                            .getKey();
            print(out, rows > 1 ? "instance " + row + ": " : "", best, scores);
        }
    }

    /** The class names of the version that answered, from the registry; indices when it cannot tell. */
    private static List<String> classNames(GatewayClient client, JsonNode answer) {
        try {
            JsonNode version = client.get("/api/v1/models/"
                    + PathSegments.encode(answer.path("model_name").asString()) + "/versions/"
                    + PathSegments.encode(answer.path("model_version").asString()));
            List<String> names = new ArrayList<>();
            version.path("labels").forEach(l -> names.add(l.asString()));
            return names;
        } catch (CliFailure e) {
            return List.of();
        }
    }

    private void print(PrintWriter out, String prefix, String label, List<Map.Entry<String, Double>> scores) {
        out.println(prefix + "Predicted: \"" + label + "\"");
        List<Map.Entry<String, Double>> best = scores.stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(Math.max(1, top))
                .toList();
        int width = best.stream().mapToInt(e -> e.getKey().length()).max().orElse(0);
        for (Map.Entry<String, Double> e : best) {
            out.printf(Locale.ROOT, "  %-" + width + "s  %6.2f%%%n", e.getKey(), e.getValue() * 100);
        }
    }

    /** {@code name} or {@code name@alias}, each part percent-encoded, the {@code @} kept. */
    static String modelPath(String model) {
        int at = model.indexOf('@');
        if (model.isBlank() || at == 0 || at == model.length() - 1) {
            throw CliFailure.usage("'" + model + "' is not a model; give NAME or NAME@ALIAS, e.g. fmnist@production");
        }
        return at < 0
                ? PathSegments.encode(model)
                : PathSegments.encode(model.substring(0, at)) + "@" + PathSegments.encode(model.substring(at + 1));
    }

    private static String imageType(Path image) {
        byte[] head = new byte[4];
        try (var in = Files.newInputStream(image)) {
            int n = in.readNBytes(head, 0, head.length);
            if (n >= 4 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
                return "image/png";
            }
            if (n >= 2 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8) {
                return "image/jpeg";
            }
        } catch (IOException e) {
            throw CliFailure.usage("cannot read " + image + ": " + e.getMessage());
        }
        throw CliFailure.usage(image + " is neither a PNG nor a JPEG image; for tensors use --json with an Open"
                + " Inference Protocol body");
    }

    private static byte[] read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw CliFailure.usage(file + " does not exist or is not a file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw CliFailure.usage("cannot read " + file + ": " + e.getMessage());
        }
    }
}
