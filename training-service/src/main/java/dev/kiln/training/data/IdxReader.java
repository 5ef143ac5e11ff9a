package dev.kiln.training.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the format of MNIST and Fashion-MNIST), gzipped or not: the gzip magic decides, not the file
 * name. Only unsigned bytes (type 0x08) are supported, which is what image and label files hold.
 */
final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {}

    /**
     * @param file the file name, for messages
     * @param bytes the file's bytes
     */
    static IdxArray read(String file, byte[] bytes) {
        byte[] raw = isGzip(bytes) ? gunzip(file, bytes) : bytes;
        if (raw.length < 4) {
            throw corrupt(file, "it has " + raw.length + " bytes, fewer than the 4-byte IDX header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(raw);
        int zero = buffer.getShort() & 0xffff;
        int type = buffer.get() & 0xff;
        int rank = buffer.get() & 0xff;
        if (zero != 0 || type != UNSIGNED_BYTE || rank == 0) {
            throw corrupt(
                    file,
                    String.format(
                            "it starts with 0x%08x, but an IDX file of unsigned bytes starts with 0x000008 and its"
                                    + " number of dimensions (0x00000803 for images, 0x00000801 for labels)",
                            ByteBuffer.wrap(raw, 0, 4).getInt()));
        }
        if (raw.length < 4 + 4 * rank) {
            throw corrupt(file, "it ends inside its header");
        }
        int[] shape = new int[rank];
        long expected = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = buffer.getInt();
            if (shape[i] <= 0) {
                throw corrupt(file, "its header gives dimension " + i + " as " + shape[i]);
            }
            expected *= shape[i];
        }
        long available = raw.length - (4L + 4L * rank);
        if (available != expected) {
            throw corrupt(
                    file,
                    "its header promises " + Arrays.toString(shape) + " = " + expected + " bytes of data but it holds "
                            + available + (available < expected ? " (the file is truncated)" : ""));
        }
        byte[] data = Arrays.copyOfRange(raw, 4 + 4 * rank, raw.length);
        return new IdxArray(shape, data);
    }

    private static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    private static byte[] gunzip(String file, byte[] bytes) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), 1 << 16)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw corrupt(file, "it is not a readable gzip file (" + e.getMessage() + ")");
        }
    }

    private static DatasetException corrupt(String file, String problem) {
        return new DatasetException("data set file " + file + " is not a valid IDX file: " + problem
                + "; upload the data set again with the original files");
    }

    /** The dimensions and the unsigned bytes of an IDX file. */
    record IdxArray(int[] shape, byte[] data) {
        int count() {
            return shape[0];
        }

        /** The dimensions after the first (the sample shape). */
        int[] sampleShape() {
            return Arrays.copyOfRange(shape, 1, shape.length);
        }
    }
}
