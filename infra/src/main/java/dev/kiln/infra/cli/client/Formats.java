package dev.kiln.infra.cli.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** How the CLI writes the values of API answers: percentages, rates, times, lists, absent values as "-". */
final class Formats {
    private Formats() {}

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value.asString();
    }

    static String percent(JsonNode value) {
        return value == null || !value.isNumber() ? null : percent(value.asDouble());
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    static String decimal(JsonNode value) {
        return value == null || !value.isNumber() ? null : String.format(Locale.ROOT, "%.4f", value.asDouble());
    }

    static String rate(double samplesPerSecond) {
        return String.format(Locale.ROOT, "%,.0f samples/s", samplesPerSecond);
    }

    /** An ISO instant as {@code 2026-11-29 22:44:56} (UTC), shorter in tables. */
    static String time(JsonNode value) {
        if (value == null || value.isNull() || !value.isString()) {
            return null;
        }
        String s = value.asString();
        int dot = s.indexOf('.');
        String trimmed = dot > 0 ? s.substring(0, dot) : s.replace("Z", "");
        return trimmed.replace('T', ' ');
    }

    static String list(JsonNode array) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            return null;
        }
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(item.asString()));
        return String.join(",", items);
    }

    /** A tensor shape, {@code [1, 28, 28]} as {@code 1x28x28}. */
    static String shape(JsonNode array) {
        String list = list(array);
        return list == null ? null : list.replace(',', 'x');
    }

    /** {@code {"production": 3}} as {@code production=3}. */
    static String aliases(JsonNode object) {
        if (object == null || !object.isObject() || object.isEmpty()) {
            return null;
        }
        List<String> items = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            items.add(e.getKey() + "=" + e.getValue().asString());
        }
        return String.join(",", items);
    }

    /** {@code fashion-mnist-classifier v3} from a job's {@code model_version}. */
    static String modelVersion(JsonNode ref) {
        if (ref == null || !ref.isObject()) {
            return null;
        }
        return ref.path("name").asString() + " v" + ref.path("version").asInt();
    }
}
