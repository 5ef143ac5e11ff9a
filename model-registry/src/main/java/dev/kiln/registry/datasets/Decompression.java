package dev.kiln.registry.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Gzip is detected by its magic bytes (1f 8b), not by the file name. */
final class Decompression {
    private static final int BUFFER = 64 * 1024;

    private Decompression() {}

    static boolean isGzip(UploadFile file) throws IOException {
        try (InputStream in = file.open()) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** The decompressed bytes when the stream is gzip, else the bytes as they are. */
    static InputStream decoded(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return gzip ? new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER) : in;
    }
}
