package dev.kiln.registry.datasets;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipException;

/**
 * Checks an IDX file (the MNIST format, gzipped or not) while streaming through it, holding one buffer: the magic
 * number (0x00000803 for images, 0x00000801 for labels), the dimensions, and that the file has exactly the bytes the
 * header declares. Every problem is an {@link InvalidDatasetException} naming the file and saying what is wrong.
 */
final class IdxValidator {
    static final int MAX_SIDE = 4096;
    private static final int BUFFER = 64 * 1024;

    private IdxValidator() {}

    static IdxFile validate(UploadFile file) {
        try (InputStream raw = file.open();
                DataInputStream in = new DataInputStream(Decompression.decoded(raw))) {
            return validate(file.field(), file.label(), in);
        } catch (ZipException e) {
            throw new InvalidDatasetException(
                    file.field(),
                    file.label() + " looks gzipped but is not a valid gzip" + " stream (" + e.getMessage()
                            + "); upload the file as it was downloaded");
        } catch (EOFException e) {
            throw new InvalidDatasetException(
                    file.field(),
                    file.label() + " ends inside its IDX header; an IDX file"
                            + " starts with a 4-byte magic number and one 4-byte size per dimension");
        } catch (IOException e) {
            throw new InvalidDatasetException(file.field(), "could not read " + file.label() + ": " + e.getMessage());
        }
    }

    private static IdxFile validate(String field, String name, DataInputStream in) throws IOException {
        int magic = in.readInt();
        IdxFile.Kind kind = kindOf(magic);
        if (kind == null) {
            throw new InvalidDatasetException(
                    field,
                    String.format(
                            Locale.ROOT,
                            "%s: magic number 0x%08x is not an IDX file of images or labels; expected 0x00000803"
                                    + " (unsigned-byte images, 3 dimensions) or 0x00000801 (unsigned-byte labels,"
                                    + " 1 dimension)",
                            name,
                            magic));
        }
        int count = positive(field, name, "item count", in.readInt(), Integer.MAX_VALUE);
        if (kind == IdxFile.Kind.LABELS) {
            int max = scanLabels(field, name, in, count);
            return new IdxFile(kind, count, List.of(), max);
        }
        int rows = positive(field, name, "row count", in.readInt(), MAX_SIDE);
        int cols = positive(field, name, "column count", in.readInt(), MAX_SIDE);
        long expected = (long) count * rows * cols;
        long actual = skipAll(in);
        if (actual != expected) {
            throw new InvalidDatasetException(
                    field,
                    String.format(
                            Locale.ROOT,
                            "%s: the header declares %,d images of %dx%d pixels (%,d bytes) but the file has %,d"
                                    + " bytes of pixels%s",
                            name,
                            count,
                            rows,
                            cols,
                            expected,
                            actual,
                            actual < expected ? "; it is truncated" : " (extra bytes at the end)"));
        }
        return new IdxFile(kind, count, List.of(rows, cols), -1);
    }

    private static IdxFile.Kind kindOf(int magic) {
        for (IdxFile.Kind kind : IdxFile.Kind.values()) {
            if (kind.magic == magic) {
                return kind;
            }
        }
        return null;
    }

    private static int positive(String field, String name, String what, int value, int max) {
        if (value <= 0 || value > max) {
            throw new InvalidDatasetException(
                    field, name + ": the IDX header's " + what + " is " + value + "; it must be 1 to " + max);
        }
        return value;
    }

    private static int scanLabels(String field, String name, InputStream in, int count) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long seen = 0;
        int max = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            for (int i = 0; i < n; i++) {
                max = Math.max(max, buffer[i] & 0xff);
            }
            seen += n;
        }
        if (seen != count) {
            throw new InvalidDatasetException(
                    field,
                    String.format(
                            Locale.ROOT,
                            "%s: the header declares %,d labels but the file has %,d%s",
                            name,
                            count,
                            seen,
                            seen < count ? "; it is truncated" : " (extra bytes at the end)"));
        }
        return max;
    }

    private static long skipAll(InputStream in) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
        }
        return total;
    }
}
