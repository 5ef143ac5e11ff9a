package dev.kiln.formats.onnx;

import java.util.List;

/**
 * The normalisation applied to inputs before the first layer, {@code (x - mean) / std}, with one value per channel
 * (the first per-sample dimension) or a single value for all. Recorded in {@code spec.json} as
 * {@code "normalization": {"mean": [...], "std": [...]}} and built into the exported ONNX graph.
 */
public record InputNormalization(List<Double> mean, List<Double> std) {
    public InputNormalization {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.isEmpty() || mean.size() != std.size()) {
            throw new IllegalArgumentException("normalization needs as many std values as mean values (at least one),"
                    + " got mean " + mean + " and std " + std);
        }
        for (double s : std) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("normalization std values must be positive, got " + std);
            }
        }
        for (double m : mean) {
            if (!Double.isFinite(m)) {
                throw new IllegalArgumentException("normalization mean values must be finite, got " + mean);
            }
        }
    }

    /** The shape the mean and std constants take to broadcast over a batch {@code [N, *sampleShape]}. */
    long[] broadcastShape(List<Integer> sampleShape) {
        if (mean.size() != 1 && mean.size() != sampleShape.get(0)) {
            throw new IllegalArgumentException("normalization has " + mean.size() + " values but the input "
                    + sampleShape + " has " + sampleShape.get(0) + " channels; give one value per channel or one"
                    + " for all");
        }
        long[] shape = new long[sampleShape.size() + 1];
        java.util.Arrays.fill(shape, 1);
        shape[1] = mean.size();
        return shape;
    }
}
