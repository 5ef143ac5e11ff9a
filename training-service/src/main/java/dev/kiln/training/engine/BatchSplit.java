package dev.kiln.training.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * How one batch is shared across devices for data-parallel training: contiguous slices as even as possible (the
 * first {@code n % k} devices take one more), no empty slice, and the weight of each slice's mean loss so that the
 * gradients summed over devices are those of the whole batch's mean loss.
 */
record BatchSplit(List<Part> parts) {
    BatchSplit {
        parts = List.copyOf(parts);
    }

    static BatchSplit of(int batchSize, int devices) {
        if (batchSize < 1 || devices < 1) {
            throw new IllegalArgumentException(
                    "a batch of " + batchSize + " cannot be split across " + devices + " devices");
        }
        int used = Math.min(batchSize, devices);
        int base = batchSize / used;
        int extra = batchSize % used;
        List<Part> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < used; i++) {
            int length = base + (i < extra ? 1 : 0);
            parts.add(new Part(i, start, length, (double) length / batchSize));
            start += length;
        }
        return new BatchSplit(parts);
    }

    /**
     * One device's slice.
     *
     * @param device the index into the job's devices
     * @param start the first sample of the batch it takes
     * @param length how many samples it takes
     * @param lossWeight its share of the batch, the factor of its mean loss
     */
    record Part(int device, int start, int length, double lossWeight) {}
}
