package dev.kiln.inference.support;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** The real Fashion-MNIST test images from Debian's {@code dataset-fashion-mnist} (IDX, gzipped). */
public final class FashionMnist {
    public static final Path TEST_IMAGES = Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");

    private FashionMnist() {}

    /** The first {@code count} test images, 28×28 bytes each. */
    public static byte[][] testImages(int count) {
        try (InputStream file = Files.newInputStream(TEST_IMAGES);
                DataInputStream in = new DataInputStream(new GZIPInputStream(file))) {
            int magic = in.readInt();
            if (magic != 0x803) {
                throw new IllegalStateException(TEST_IMAGES + " is not an IDX image file (magic " + magic + ")");
            }
            int images = in.readInt();
            int rows = in.readInt();
            int columns = in.readInt();
            byte[][] out = new byte[Math.min(count, images)][rows * columns];
            for (byte[] image : out) {
                in.readFully(image);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + TEST_IMAGES + " failed", e);
        }
    }

    /** An image as the model's input: pixel / 255. */
    public static float[] scaled(byte[] image) {
        float[] values = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            values[i] = (image[i] & 0xff) / 255f;
        }
        return values;
    }
}
