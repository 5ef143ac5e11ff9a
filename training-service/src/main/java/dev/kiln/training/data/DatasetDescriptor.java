package dev.kiln.training.data;

import java.util.List;
import java.util.Map;

/**
 * What {@code datasets/{name}/dataset.json} says about a data set, as the registry writes it.
 *
 * @param name the data set name
 * @param format {@code idx} or {@code csv}
 * @param inputShape the shape of one sample, e.g. [1, 28, 28]
 * @param classNames the label of each class index
 * @param files the file of each role: {@code train_images}, {@code train_labels}, {@code test_images},
 *     {@code test_labels} for IDX; {@code train}, {@code test} for CSV
 * @param labelColumn the CSV column that holds the label (a header name or a 0-based index), null for "label" or
 *     the first column
 */
public record DatasetDescriptor(
        String name,
        String format,
        List<Integer> inputShape,
        List<String> classNames,
        Map<String, String> files,
        String labelColumn) {
    public static final String IDX = "idx";
    public static final String CSV = "csv";

    public DatasetDescriptor {
        inputShape = List.copyOf(inputShape);
        classNames = List.copyOf(classNames);
        files = Map.copyOf(files);
    }

    public int numClasses() {
        return classNames.size();
    }

    /** The file of a role, or an error naming the roles there are. */
    String file(String role) {
        String file = files.get(role);
        if (file == null) {
            throw new DatasetException("data set '" + name + "' has no " + role.replace('_', ' ') + " file in its"
                    + " dataset.json (it lists " + files.keySet() + "); upload it again with every file");
        }
        return file;
    }
}
