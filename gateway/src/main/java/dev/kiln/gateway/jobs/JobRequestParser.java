package dev.kiln.gateway.jobs;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.contracts.events.Hyperparameters;
import dev.kiln.contracts.events.Resources;
import dev.kiln.contracts.spec.InvalidModelSpecException;
import dev.kiln.contracts.spec.ModelSpec;
import dev.kiln.contracts.spec.ModelSpecJson;
import dev.kiln.gateway.problem.DisplayNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the body of {@code POST /api/v1/jobs} strictly: unknown fields, wrong types and bad values are refused with
 * the field that is wrong and what would be right. Checks that need the data set come later.
 */
public final class JobRequestParser {
    private static final JsonMapper JSON = ModelSpecJson.mapper();
    private static final Set<String> FIELDS =
            Set.of("name", "dataset", "model", "hyperparameters", "resources", "register_as");
    private static final int MAX_NAME = 200;

    private JobRequestParser() {}

    /** @throws JobProblem INVALID_ARGUMENT naming the field */
    public static JobDraft parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw JobProblem.invalidArgument("body", "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw JobProblem.invalidArgument(
                    "body", "the body must be a JSON object with dataset, model and hyperparameters");
        }
        List<String> unknown = new ArrayList<>();
        root.propertyNames().forEach(field -> {
            if (!FIELDS.contains(field)) {
                unknown.add(field);
            }
        });
        if (!unknown.isEmpty()) {
            throw JobProblem.invalidArgument(
                    unknown.get(0),
                    "unknown field '" + unknown.get(0) + "'; a job has name, dataset, model, hyperparameters,"
                            + " resources and register_as");
        }
        String dataset = text(root, "dataset", true);
        try {
            StorageLayout.requireValidName("dataset", dataset);
        } catch (IllegalArgumentException e) {
            throw JobProblem.invalidArgument("dataset", e.getMessage());
        }
        String name = text(root, "name", false);
        if (name != null && (name.isBlank() || name.length() > MAX_NAME)) {
            throw JobProblem.invalidArgument("name", "name must be 1 to " + MAX_NAME + " characters");
        }
        if (name != null) {
            refuseControlCharacters(name);
        }
        String registerAs = text(root, "register_as", false);
        if (registerAs != null) {
            try {
                StorageLayout.requireValidName("register_as", registerAs);
            } catch (IllegalArgumentException e) {
                throw JobProblem.invalidArgument("register_as", e.getMessage());
            }
        }
        return new JobDraft(
                name == null ? dataset + " job" : name,
                dataset,
                model(root.get("model")),
                hyperparameters(root.get("hyperparameters")),
                resources(root.get("resources")),
                registerAs);
    }

    /** A job name is shown in lists, logs and the dashboard: a newline or escape code in it would forge lines there. */
    private static void refuseControlCharacters(String name) {
        DisplayNames.controlCharacterProblem("name", name).ifPresent(problem -> {
            throw JobProblem.invalidArgument("name", problem);
        });
    }

    private static ModelSpec model(JsonNode node) {
        if (node == null || node.isNull()) {
            throw JobProblem.invalidArgument(
                    "model",
                    "model is required: {\"template\": \"mlp\"} or {\"input\": {\"shape\": [...]}, \"layers\": [...]}");
        }
        try {
            return ModelSpecJson.fromTree(node);
        } catch (InvalidModelSpecException e) {
            throw JobProblem.invalidArgument(e.field(), e.getMessage());
        }
    }

    private static Hyperparameters hyperparameters(JsonNode node) {
        if (node == null || node.isNull()) {
            return Hyperparameters.defaults();
        }
        if (!node.isObject()) {
            throw JobProblem.invalidArgument("hyperparameters", "hyperparameters must be a JSON object");
        }
        Hyperparameters hyperparameters;
        try {
            hyperparameters = JSON.treeToValue(node, Hyperparameters.class);
        } catch (JacksonException e) {
            String field = "hyperparameters" + path(e);
            throw JobProblem.invalidArgument(field, field + " is not valid: " + e.getOriginalMessage());
        }
        List<String> errors = hyperparameters.validationErrors();
        if (!errors.isEmpty()) {
            String first = errors.get(0);
            throw JobProblem.invalidArgument(first.substring(0, first.indexOf(' ')), String.join("; ", errors));
        }
        return hyperparameters;
    }

    private static Resources resources(JsonNode node) {
        if (node == null || node.isNull()) {
            return Resources.defaults();
        }
        JsonNode device = node.get("device");
        if (!node.isObject() || (device != null && !device.isString()) || node.size() > (device == null ? 0 : 1)) {
            throw JobProblem.invalidArgument(
                    "resources", "resources must be {\"device\": \"auto\"}, \"cpu\" or \"gpu\"");
        }
        try {
            return new Resources(device == null ? Resources.AUTO : device.asString()).validate();
        } catch (IllegalArgumentException e) {
            throw JobProblem.invalidArgument("resources.device", e.getMessage());
        }
    }

    private static String text(JsonNode root, String field, boolean required) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw JobProblem.invalidArgument(field, field + " is required");
            }
            return null;
        }
        if (!node.isString()) {
            throw JobProblem.invalidArgument(field, field + " must be a string");
        }
        return node.asString();
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append('.').append(reference.getPropertyName());
            }
        }
        return path.toString();
    }
}
