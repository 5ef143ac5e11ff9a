package dev.kiln.registry.datasets;

import java.util.List;
import java.util.Map;

/**
 * A validated upload, before it is stored.
 *
 * @param inputShape the shape of one sample, e.g. [1, 28, 28] or [4] features
 * @param labels the label values found, as class names by default ({@code "0"} … for numeric labels)
 * @param numericLabels whether labels are class indices (then class names may be given for them)
 * @param counts samples per split
 * @param files what to store where
 */
record DatasetContent(
        String format,
        List<Integer> inputShape,
        List<String> labels,
        boolean numericLabels,
        Map<String, Integer> counts,
        List<PlannedFile> files) {

    /** An uploaded file and the name it is stored under, e.g. {@code test-images.idx.gz}. */
    record PlannedFile(UploadFile source, String split, String role, String storedName, String contentType) {}
}
