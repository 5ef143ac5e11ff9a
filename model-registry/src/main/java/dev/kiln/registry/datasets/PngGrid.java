package dev.kiln.registry.datasets;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/** Gray images side by side in a near-square grid, scaled up and separated by a gap, as one PNG. */
final class PngGrid {
    static final int SCALE = 2;
    static final int GAP = 2;

    private PngGrid() {}

    static byte[] render(List<int[]> images, int rows, int cols) {
        int perRow = (int) Math.ceil(Math.sqrt(images.size()));
        int gridRows = (images.size() + perRow - 1) / perRow;
        int cell = Math.max(rows, cols) * SCALE + GAP;
        BufferedImage grid =
                new BufferedImage(perRow * cell + GAP, gridRows * cell + GAP, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = grid.getRaster();
        for (int i = 0; i < images.size(); i++) {
            int x0 = GAP + (i % perRow) * cell;
            int y0 = GAP + (i / perRow) * cell;
            int[] pixels = images.get(i);
            for (int y = 0; y < rows * SCALE; y++) {
                for (int x = 0; x < cols * SCALE; x++) {
                    raster.setSample(x0 + x, y0 + y, 0, pixels[(y / SCALE) * cols + x / SCALE]);
                }
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(grid, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }
}
