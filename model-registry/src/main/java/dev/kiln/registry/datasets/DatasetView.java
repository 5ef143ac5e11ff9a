package dev.kiln.registry.datasets;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered data set as the API shows it (snake_case on the wire).
 *
 * @param inputShape the shape of one sample without the batch dimension, e.g. [1, 28, 28]
 * @param classNames the class names; a label's value is its index here
 * @param splits samples per split, {@code {"train": {"count": 60000}, "test": {"count": 10000}}}
 * @param files the stored file of each split and role, e.g. {@code {"test": {"images": "test-images.idx.gz"}}}
 * @param labelColumn the label column of a CSV data set, null for IDX
 * @param uri where its files are, {@code s3://{bucket}/datasets/{name}/}
 */
record DatasetView(
        String name,
        String format,
        List<Integer> inputShape,
        int numClasses,
        List<String> classNames,
        Map<String, Split> splits,
        Map<String, Map<String, String>> files,
        String labelColumn,
        String uri,
        Instant createdAt) {

    record Split(int count) {}

    record DatasetList(List<DatasetView> datasets) {}
}
