package dev.kiln.registry.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Validates a CSV data set line by line: a header naming the label column and the feature columns, the same header
 * in every split, every feature a finite number, every row as wide as the header, every label present.
 */
final class CsvDatasets {
    static final int MAX_CLASSES = 1000;

    private CsvDatasets() {}

    static DatasetContent validate(List<UploadFile> files, String labelColumn) {
        String label = labelColumn(labelColumn);
        Map<String, UploadFile> bySplit = new LinkedHashMap<>();
        for (UploadFile file : files) {
            String split = Splits.of(file);
            if (bySplit.put(split, file) != null) {
                throw new InvalidDatasetException(file.field(), "two files hold the " + split + " split");
            }
        }
        if (!bySplit.containsKey(Splits.TRAIN)) {
            throw new InvalidDatasetException(
                    "files", "a CSV data set needs a train file (train.csv), and may have a" + " test file (test.csv)");
        }
        List<String> header = null;
        TreeSet<String> labels = new TreeSet<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<DatasetContent.PlannedFile> planned = new ArrayList<>();
        for (Map.Entry<String, UploadFile> entry : bySplit.entrySet()) {
            UploadFile file = entry.getValue();
            Scan scan = scan(file, label, labels);
            if (header != null && !header.equals(scan.header())) {
                throw new InvalidDatasetException(
                        file.field(),
                        file.label() + " has the columns " + scan.header() + " but the train file has " + header
                                + "; every split needs the same header");
            }
            header = scan.header();
            counts.put(entry.getKey(), scan.rows());
            planned.add(
                    new DatasetContent.PlannedFile(file, entry.getKey(), "table", entry.getKey() + ".csv", "text/csv"));
        }
        boolean numeric = labels.stream().allMatch(v -> v.matches("[0-9]{1,6}"));
        List<String> classNames = numeric
                ? java.util.stream.IntStream.rangeClosed(
                                0,
                                labels.stream()
                                        .mapToInt(Integer::parseInt)
                                        .max()
                                        .orElse(0))
                        .mapToObj(String::valueOf)
                        .toList()
                : labels.stream().sorted(Comparator.naturalOrder()).toList();
        return new DatasetContent("csv", List.of(header.size() - 1), classNames, numeric, counts, planned);
    }

    /** The label column's name: as given, {@code label} by default. */
    static String labelColumn(String given) {
        return given == null || given.isBlank() ? "label" : given.strip();
    }

    private record Scan(List<String> header, int rows) {}

    private static Scan scan(UploadFile file, String label, TreeSet<String> labels) {
        try (InputStream raw = file.open();
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(Decompression.decoded(raw), StandardCharsets.UTF_8), 64 * 1024)) {
            String first = reader.readLine();
            if (first == null || first.isBlank()) {
                throw invalid(file, "is empty; the first line must be a header such as 'label,x1,x2'");
            }
            List<String> header = List.of(first.replace("\uFEFF", "").strip().split(",", -1)).stream()
                    .map(String::strip)
                    .toList();
            int labelIndex = header.indexOf(label);
            if (labelIndex < 0) {
                throw invalid(
                        file,
                        "has no column '" + label + "' in its header " + header
                                + "; name the label column in the header or pass label_column");
            }
            if (header.size() < 2) {
                throw invalid(file, "has no feature columns besides '" + label + "'");
            }
            int rows = 0;
            int line = 1;
            for (String text; (text = reader.readLine()) != null; ) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                String[] cells = text.split(",", -1);
                if (cells.length != header.size()) {
                    throw invalid(
                            file,
                            "line " + line + " has " + cells.length + " values but the header has " + header.size()
                                    + " columns");
                }
                for (int c = 0; c < cells.length; c++) {
                    String cell = cells[c].strip();
                    if (c == labelIndex) {
                        if (cell.isEmpty()) {
                            throw invalid(file, "line " + line + " has no label");
                        }
                        if (labels.add(cell) && labels.size() > MAX_CLASSES) {
                            throw invalid(
                                    file,
                                    "has more than " + MAX_CLASSES + " distinct labels; is '" + label
                                            + "' really the label column?");
                        }
                    } else if (!isFiniteNumber(cell)) {
                        throw invalid(
                                file,
                                "line " + line + ": column '" + header.get(c) + "' is '" + cell
                                        + "', not a number; feature columns must hold numbers");
                    }
                }
                rows++;
            }
            if (rows == 0) {
                throw invalid(file, "has a header but no rows");
            }
            return new Scan(header, rows);
        } catch (IOException e) {
            throw invalid(file, "could not be read: " + e.getMessage());
        }
    }

    private static boolean isFiniteNumber(String cell) {
        try {
            return Double.isFinite(Double.parseDouble(cell));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static InvalidDatasetException invalid(UploadFile file, String problem) {
        return new InvalidDatasetException(file.field(), file.label() + " " + problem);
    }
}
