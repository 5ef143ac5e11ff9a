package dev.kiln.registry.datasets;

import java.util.List;

/**
 * The first samples of a split, for previews. Images carry their pixels (0-255, row by row); table rows their
 * features.
 */
record SampleSet(String dataset, String split, List<Integer> shape, List<Sample> samples) {

    /**
     * One sample.
     *
     * @param label the label value as stored ({@code "9"} or a class name)
     * @param className the class name of the label
     * @param pixels the image's pixels, or null for table rows
     * @param features the row's features, or null for images
     */
    record Sample(int index, String label, String className, int[] pixels, double[] features) {}
}
