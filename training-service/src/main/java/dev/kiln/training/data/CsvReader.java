package dev.kiln.training.data;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads a CSV split: one sample per line, a label column and the feature columns, comma-separated, with or without a
 * header line (gzipped or not). The label is a class index or a class name; the label column is the one named by
 * {@code label_column} (a header name or a 0-based index), else the header's {@code label}, else the first column.
 */
final class CsvReader {
    private CsvReader() {}

    static Samples read(String file, byte[] bytes, DatasetDescriptor dataset) {
        int features = 1;
        for (int dim : dataset.inputShape()) {
            features *= dim;
        }
        List<String> lines = lines(file, bytes);
        if (lines.isEmpty()) {
            throw new DatasetException("data set file " + file + " is empty; it needs one line per sample");
        }
        String[] first = split(lines.get(0));
        boolean header = isHeader(first, dataset);
        int labelColumn = labelColumn(file, dataset.labelColumn(), header ? first : null, first.length);
        int rows = lines.size() - (header ? 1 : 0);
        float[] values = new float[Math.multiplyExact(rows, features)];
        int[] labels = new int[rows];
        for (int row = 0; row < rows; row++) {
            int lineNumber = row + (header ? 2 : 1);
            String[] cells = split(lines.get(row + (header ? 1 : 0)));
            if (cells.length != features + 1) {
                throw new DatasetException(String.format(
                        Locale.ROOT,
                        "data set file %s line %d has %d columns, but samples of shape %s need %d features and a"
                                + " label (%d columns)",
                        file,
                        lineNumber,
                        cells.length,
                        dataset.inputShape(),
                        features,
                        features + 1));
            }
            labels[row] = label(file, lineNumber, cells[labelColumn], dataset);
            int at = row * features;
            for (int c = 0; c < cells.length; c++) {
                if (c != labelColumn) {
                    values[at++] = number(file, lineNumber, c, cells[c]);
                }
            }
        }
        return Samples.ofFeatures(dataset.inputShape(), values, labels);
    }

    private static List<String> lines(String file, byte[] bytes) {
        boolean gzip = bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
        List<String> lines = new ArrayList<>();
        try (InputStream raw =
                        gzip ? new GZIPInputStream(new ByteArrayInputStream(bytes)) : new ByteArrayInputStream(bytes);
                BufferedReader reader = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException("data set file " + file + " cannot be read: " + e.getMessage(), e);
        }
        return lines;
    }

    private static int labelColumn(String file, String configured, String[] header, int columns) {
        if (configured != null && configured.matches("\\d+")) {
            int index = Integer.parseInt(configured);
            if (index >= columns) {
                throw new DatasetException("label column " + index + " of data set file " + file + " does not exist;"
                        + " it has " + columns + " columns");
            }
            return index;
        }
        String name = configured != null ? configured : "label";
        if (header != null) {
            for (int i = 0; i < header.length; i++) {
                if (header[i].trim().equalsIgnoreCase(name)) {
                    return i;
                }
            }
            if (configured != null) {
                throw new DatasetException("data set file " + file + " has no column '" + configured + "'; its header"
                        + " is " + String.join(",", header));
            }
        }
        return 0;
    }

    private static int label(String file, int line, String cell, DatasetDescriptor dataset) {
        String value = unquote(cell);
        int index = dataset.classNames().indexOf(value);
        if (index >= 0 && !value.matches("-?\\d+")) {
            return index;
        }
        try {
            index = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new DatasetException("data set file " + file + " line " + line + " has label '" + value
                    + "', which is neither a class index nor one of " + dataset.classNames());
        }
        if (index < 0 || index >= dataset.numClasses()) {
            throw new DatasetException("data set file " + file + " line " + line + " has label " + index
                    + ", but the data set has " + dataset.numClasses() + " classes (0.." + (dataset.numClasses() - 1)
                    + ")");
        }
        return index;
    }

    private static float number(String file, int line, int column, String cell) {
        try {
            return Float.parseFloat(unquote(cell));
        } catch (NumberFormatException e) {
            throw new DatasetException("data set file " + file + " line " + line + " column " + (column + 1) + " is '"
                    + cell + "', not a number");
        }
    }

    /** A data line has numbers and at most one class name; anything else is a header. */
    private static boolean isHeader(String[] cells, DatasetDescriptor dataset) {
        int words = 0;
        boolean className = false;
        for (String cell : cells) {
            if (!isNumber(cell)) {
                words++;
                className = dataset.classNames().contains(unquote(cell));
            }
        }
        return words > 1 || (words == 1 && !className);
    }

    private static boolean isNumber(String cell) {
        try {
            Float.parseFloat(unquote(cell));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String[] split(String line) {
        return line.split(",", -1);
    }

    private static String unquote(String cell) {
        String value = cell.trim();
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
