package dev.kiln.training.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code dataset.json} as the registry writes it ({@code "files": {"train": {"images": …, "labels": …}}} for
 * IDX, {@code "files": {"train": {"table": "train.csv"}}} for CSV). Tolerant of layout: the files may also be listed
 * flat ({@code "train_images": …}, {@code "train": "train.csv"}), and unknown fields are ignored.
 */
final class DatasetDescriptorJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DatasetDescriptorJson() {}

    static DatasetDescriptor parse(String dataset, byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw invalid(dataset, "it is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw invalid(dataset, "it is not a JSON object");
        }
        String format = text(root, "format", "idx").toLowerCase(java.util.Locale.ROOT);
        if (!format.equals(DatasetDescriptor.IDX) && !format.equals(DatasetDescriptor.CSV)) {
            throw invalid(dataset, "its format is '" + format + "'; Kiln trains on idx and csv data sets");
        }
        List<Integer> shape = new ArrayList<>();
        root.path("input_shape").forEach(d -> shape.add(d.asInt()));
        if (shape.isEmpty() || shape.stream().anyMatch(d -> d <= 0)) {
            throw invalid(dataset, "its input_shape " + root.path("input_shape") + " is not a list of positive sizes");
        }
        List<String> classes = new ArrayList<>();
        root.path("class_names").forEach(c -> classes.add(c.asString()));
        if (classes.isEmpty()) {
            throw invalid(dataset, "it lists no class_names");
        }
        Map<String, String> files = new LinkedHashMap<>();
        root.path("files").properties().forEach(entry -> flatten(entry.getKey(), entry.getValue(), files));
        JsonNode label = root.path("label_column");
        String labelColumn = label.isMissingNode() || label.isNull() ? null : label.asString();
        return new DatasetDescriptor(text(root, "name", dataset), format, shape, classes, files, labelColumn);
    }

    private static void flatten(String key, JsonNode value, Map<String, String> files) {
        if (value.isString()) {
            files.put(key, value.asString());
        } else if (value.isObject()) {
            value.properties().forEach(entry -> {
                String inner = entry.getKey();
                String role =
                        inner.equals("table") || inner.equals("csv") || inner.equals("file") ? key : key + "_" + inner;
                if (entry.getValue().isString()) {
                    files.put(role, entry.getValue().asString());
                }
            });
        }
    }

    private static String text(JsonNode root, String field, String fallback) {
        JsonNode node = root.path(field);
        return node.isString() ? node.asString() : fallback;
    }

    private static DatasetException invalid(String dataset, String problem) {
        return new DatasetException("dataset.json of data set '" + dataset + "' cannot be used: " + problem);
    }
}
