package dev.kiln.registry.datasets;

import java.util.List;

/**
 * What validating one IDX file found.
 *
 * @param kind images (magic 0x00000803) or labels (0x00000801)
 * @param count the number of images or labels
 * @param imageShape rows and columns of each image; empty for labels
 * @param maxLabel the largest label, or -1 for images
 */
record IdxFile(Kind kind, int count, List<Integer> imageShape, int maxLabel) {
    enum Kind {
        IMAGES(0x00000803, 3),
        LABELS(0x00000801, 1);

        final int magic;
        final int dimensions;

        Kind(int magic, int dimensions) {
            this.magic = magic;
            this.dimensions = dimensions;
        }

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
