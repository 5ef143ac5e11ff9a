package dev.kiln.infra.cli.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads the JSON or YAML files of {@code kiln train}: a whole job body, or a model spec. */
final class JobFile {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private JobFile() {}

    /** A job body as {@code POST /api/v1/jobs} takes it, from {@code .json}, {@code .yaml} or {@code .yml}. */
    static ObjectNode job(Path file) {
        JsonNode node = read(file, "a job (the body of POST /api/v1/jobs)");
        if (!node.isObject()) {
            throw CliFailure.usage(file + " holds no JSON/YAML object; a job file looks like"
                    + " {\"name\": …, \"dataset\": …, \"model\": {\"template\": \"mlp\"}, \"hyperparameters\": {…}}");
        }
        return (ObjectNode) node;
    }

    /**
     * A model spec: {@code {"input": …, "layers": [...]}}, or the {@code spec.json} of a registered version (the spec
     * under {@code "model"}).
     */
    static JsonNode model(Path file) {
        JsonNode node = read(file, "a model spec");
        if (node.has("layers") || node.has("template")) {
            return node;
        }
        if (node.path("model").has("layers")) {
            return node.get("model");
        }
        throw CliFailure.usage(file + " holds no model spec; expected {\"input\": {\"shape\": [1, 28, 28]},"
                + " \"layers\": [{\"type\": \"Flatten\"}, …]}");
    }

    private static JsonNode read(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw CliFailure.usage(file + " does not exist; give the file of " + what);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : Json.MAPPER;
        try {
            JsonNode node = mapper.readTree(Files.readString(file));
            if (node == null || node.isMissingNode()) {
                throw CliFailure.usage(file + " is empty; give the file of " + what);
            }
            return node;
        } catch (JacksonException e) {
            throw CliFailure.usage(file + " is not valid " + (mapper == YAML ? "YAML" : "JSON") + ": "
                    + Messages.firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw CliFailure.usage("cannot read " + file + ": " + e.getMessage());
        }
    }
}
