package dev.kiln.formats.torch;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes uncompressed zip records whose data starts on a 64-byte boundary, padding the local header with an extra
 * field as PyTorch's {@code PyTorchStreamWriter} does (so {@code torch.load(mmap=True)} can map the storages).
 */
final class AlignedZipWriter implements AutoCloseable {
    static final int ALIGNMENT = 64;
    private static final int LOCAL_HEADER_SIZE = 30;
    private static final int PADDING_FIELD_ID = 0x4246; // "FB", the id PyTorch uses
    private static final long FIXED_TIME = 315_532_800_000L + 86_400_000L; // 1980-01-02: reproducible bytes

    private final CountingStream counter;
    private final ZipOutputStream zip;

    AlignedZipWriter(OutputStream out) {
        this.counter = new CountingStream(out);
        this.zip = new ZipOutputStream(counter, StandardCharsets.UTF_8);
        this.zip.setMethod(ZipOutputStream.STORED);
    }

    void write(String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        entry.setTime(FIXED_TIME);
        int nameLength = name.getBytes(StandardCharsets.UTF_8).length;
        entry.setExtra(padding(counter.count + LOCAL_HEADER_SIZE + nameLength));
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    /** An extra field that moves the data start (without it at {@code dataStart}) to the next aligned offset. */
    private static byte[] padding(long dataStart) {
        int pad = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
        if (pad == 0) {
            return null;
        }
        if (pad < 4) {
            pad += ALIGNMENT; // an extra field needs 4 bytes of header
        }
        byte[] field = new byte[pad];
        field[0] = (byte) (PADDING_FIELD_ID & 0xff);
        field[1] = (byte) (PADDING_FIELD_ID >>> 8);
        field[2] = (byte) ((pad - 4) & 0xff);
        field[3] = (byte) ((pad - 4) >>> 8);
        for (int i = 4; i < pad; i++) {
            field[i] = 'Z';
        }
        return field;
    }

    @Override
    public void close() throws IOException {
        zip.finish();
        zip.flush();
    }

    private static final class CountingStream extends FilterOutputStream {
        private long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
