package dev.kiln.training.data;

import java.util.List;

/**
 * The samples of one split, row-major: either unsigned-byte pixels (IDX images, scaled to [0, 1] when they become
 * tensors) or float features (CSV), with one class index per sample.
 *
 * @param count the number of samples
 * @param sampleShape the shape of one sample, e.g. [1, 28, 28]
 * @param pixels {@code count * sampleSize} unsigned bytes, or null for features
 * @param features {@code count * sampleSize} floats, or null for pixels
 * @param labels the class index of each sample
 */
public record Samples(int count, List<Integer> sampleShape, byte[] pixels, float[] features, int[] labels) {
    public Samples {
        sampleShape = List.copyOf(sampleShape);
        if ((pixels == null) == (features == null)) {
            throw new IllegalArgumentException("samples hold either pixels or features");
        }
        long values = (long) count * sampleSize(sampleShape);
        long have = pixels != null ? pixels.length : features.length;
        if (values != have || labels.length != count) {
            throw new IllegalArgumentException("samples need " + values + " values and " + count + " labels, got "
                    + have + " values and " + labels.length + " labels");
        }
    }

    static Samples ofPixels(List<Integer> sampleShape, byte[] pixels, int[] labels) {
        return new Samples(labels.length, sampleShape, pixels, null, labels);
    }

    static Samples ofFeatures(List<Integer> sampleShape, float[] features, int[] labels) {
        return new Samples(labels.length, sampleShape, null, features, labels);
    }

    /** Values per sample. */
    public int sampleSize() {
        return sampleSize(sampleShape);
    }

    /** Whether the values are pixels to be scaled by 1/255. */
    public boolean isPixels() {
        return pixels != null;
    }

    /** The first {@code n} samples (or all when there are fewer). */
    public Samples head(int n) {
        if (n >= count) {
            return this;
        }
        int size = sampleSize();
        int[] headLabels = java.util.Arrays.copyOf(labels, n);
        return pixels != null
                ? ofPixels(sampleShape, java.util.Arrays.copyOf(pixels, n * size), headLabels)
                : ofFeatures(sampleShape, java.util.Arrays.copyOf(features, n * size), headLabels);
    }

    private static int sampleSize(List<Integer> shape) {
        int size = 1;
        for (int dim : shape) {
            size = Math.multiplyExact(size, dim);
        }
        return size;
    }
}
