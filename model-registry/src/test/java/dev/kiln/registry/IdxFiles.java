package dev.kiln.registry;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files (the MNIST format) for tests, streamed, optionally gzipped. */
public final class IdxFiles {
    private IdxFiles() {}

    /** {@code count} images of rows x cols pixels; pixel values follow the image index so they can be checked. */
    public static Path images(Path file, int count, int rows, int cols, boolean gzip) throws IOException {
        try (DataOutputStream out = open(file, gzip)) {
            out.writeInt(0x00000803);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            byte[] image = new byte[rows * cols];
            for (int i = 0; i < count; i++) {
                for (int p = 0; p < image.length; p++) {
                    image[p] = (byte) ((i * 31 + p) & 0xff);
                }
                out.write(image);
            }
        }
        return file;
    }

    /** {@code count} labels in 0..classes-1. */
    public static Path labels(Path file, int count, int classes, boolean gzip) throws IOException {
        Random random = new Random(count);
        try (DataOutputStream out = open(file, gzip)) {
            out.writeInt(0x00000801);
            out.writeInt(count);
            for (int i = 0; i < count; i++) {
                out.writeByte(i < classes ? i : random.nextInt(classes));
            }
        }
        return file;
    }

    private static DataOutputStream open(Path file, boolean gzip) throws IOException {
        Files.createDirectories(file.getParent());
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        return new DataOutputStream(gzip ? new GZIPOutputStream(out, 1 << 16) : out);
    }
}
