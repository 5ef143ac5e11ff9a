package dev.kiln.registry.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Validates the four files of an IDX data set together: one of each split and kind, consistent counts and sizes. */
final class IdxDatasets {
    private static final List<String> EXPECTED = List.of("train images", "train labels", "test images", "test labels");

    private IdxDatasets() {}

    static DatasetContent validate(List<UploadFile> files) {
        Map<String, IdxFile> found = new LinkedHashMap<>();
        Map<String, UploadFile> sources = new LinkedHashMap<>();
        for (UploadFile file : files) {
            String split = Splits.of(file);
            IdxFile idx = IdxValidator.validate(file);
            String role = split + " " + idx.kind().word();
            if (sources.containsKey(role)) {
                throw new InvalidDatasetException(
                        file.field(),
                        "two files hold the " + role + ": " + sources.get(role).label() + " and " + file.label());
            }
            found.put(role, idx);
            sources.put(role, file);
        }
        List<String> missing =
                EXPECTED.stream().filter(r -> !found.containsKey(r)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidDatasetException(
                    "files",
                    "an IDX data set needs four files (train images, train labels, test images, test labels),"
                            + " gzipped or not; missing: " + String.join(", ", missing));
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String split : List.of(Splits.TRAIN, Splits.TEST)) {
            IdxFile images = found.get(split + " images");
            IdxFile labels = found.get(split + " labels");
            if (images.count() != labels.count()) {
                throw new InvalidDatasetException(
                        sources.get(split + " labels").field(),
                        "the " + split + " split has " + images.count() + " images ("
                                + sources.get(split + " images").label()
                                + ") but " + labels.count() + " labels ("
                                + sources.get(split + " labels").label()
                                + "); it needs one label per image");
            }
            counts.put(split, images.count());
        }
        List<Integer> trainShape = found.get("train images").imageShape();
        List<Integer> testShape = found.get("test images").imageShape();
        if (!trainShape.equals(testShape)) {
            throw new InvalidDatasetException(
                    sources.get("test images").field(),
                    "test images are " + testShape.get(0) + "x" + testShape.get(1) + " but train images are "
                            + trainShape.get(0) + "x" + trainShape.get(1) + "; both splits need the same size");
        }
        int maxLabel = Math.max(
                found.get("train labels").maxLabel(), found.get("test labels").maxLabel());
        List<DatasetContent.PlannedFile> planned = new ArrayList<>();
        sources.forEach((role, file) -> planned.add(plan(role, file)));
        return new DatasetContent(
                "idx",
                List.of(1, trainShape.get(0), trainShape.get(1)),
                IntStream.rangeClosed(0, maxLabel).mapToObj(String::valueOf).toList(),
                true,
                counts,
                planned);
    }

    private static DatasetContent.PlannedFile plan(String role, UploadFile file) {
        String[] parts = role.split(" ");
        boolean gzip;
        try {
            gzip = Decompression.isGzip(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = parts[0] + "-" + parts[1] + ".idx" + (gzip ? ".gz" : "");
        return new DatasetContent.PlannedFile(
                file, parts[0], parts[1], name, gzip ? "application/gzip" : "application/octet-stream");
    }
}
