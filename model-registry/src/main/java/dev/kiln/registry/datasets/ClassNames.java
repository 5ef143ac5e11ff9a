package dev.kiln.registry.datasets;

import dev.kiln.registry.config.JsonColumns;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

/** The class names of a data set: those given with the upload (a JSON array or comma-separated), else the labels. */
final class ClassNames {
    private ClassNames() {}

    static List<String> resolve(DatasetContent content, String given, JsonColumns json) {
        if (given == null || given.isBlank()) {
            return content.labels();
        }
        List<String> names = parse(given.strip(), json);
        if (names.stream().anyMatch(String::isBlank) || new HashSet<>(names).size() != names.size()) {
            throw new InvalidDatasetException("classes", "classes must be distinct, non-empty names, got " + names);
        }
        if (content.numericLabels()) {
            if (names.size() < content.labels().size()) {
                throw new InvalidDatasetException(
                        "classes",
                        "labels go up to " + (content.labels().size() - 1) + " but classes names only " + names.size()
                                + "; give one name per label, in label order");
            }
            return names;
        }
        List<String> unnamed = new ArrayList<>(content.labels());
        unnamed.removeAll(names);
        if (!unnamed.isEmpty()) {
            throw new InvalidDatasetException(
                    "classes", "classes must list every label of the data; missing: " + String.join(", ", unnamed));
        }
        return names;
    }

    private static List<String> parse(String given, JsonColumns json) {
        if (given.startsWith("[")) {
            try {
                return json.mapper().readValue(given, new TypeReference<List<String>>() {});
            } catch (JacksonException e) {
                throw new InvalidDatasetException(
                        "classes", "classes is not a JSON array of strings: " + e.getOriginalMessage());
            }
        }
        return List.of(given.split(",", -1)).stream().map(String::strip).toList();
    }
}
