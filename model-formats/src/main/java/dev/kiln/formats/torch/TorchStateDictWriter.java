package dev.kiln.formats.torch;

import dev.kiln.formats.StateDict;
import dev.kiln.formats.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Writes a state dict as {@code torch.save(model.state_dict(), path)} does (zip serialization, format version 3, the
 * records PyTorch 2.x writes), so that {@code torch.load(path, weights_only=True)} opens it and an
 * {@code nn.Sequential} of the same layers accepts it with {@code load_state_dict(strict=True)}.
 *
 * <p>Layout, under one top-level folder: {@code data.pkl}, {@code .format_version}, {@code .storage_alignment},
 * {@code byteorder}, {@code data/0 … data/n} (one little-endian storage per tensor), {@code version},
 * {@code .data/serialization_id}.
 */
public final class TorchStateDictWriter {
    private static final String DEFAULT_ARCHIVE_NAME = "state_dict";

    private final String archiveName;

    /** A writer whose archive folder is {@code state_dict} (torch names it after the file). */
    public TorchStateDictWriter() {
        this(DEFAULT_ARCHIVE_NAME);
    }

    public TorchStateDictWriter(String archiveName) {
        if (archiveName.isEmpty() || archiveName.contains("/")) {
            throw new IllegalArgumentException("archive name must be a plain folder name, got '" + archiveName + "'");
        }
        this.archiveName = archiveName;
    }

    public void write(StateDict stateDict, OutputStream out) throws IOException {
        Records records = new Records();
        try (AlignedZipWriter zip = new AlignedZipWriter(out)) {
            records.add(zip, "data.pkl", StateDictPickler.pickle(stateDict));
            records.add(zip, ".format_version", ascii("1"));
            records.add(zip, ".storage_alignment", ascii(Integer.toString(AlignedZipWriter.ALIGNMENT)));
            records.add(zip, "byteorder", ascii("little"));
            int key = 0;
            for (Tensor tensor : stateDict.tensors().values()) {
                byte[] bytes = new byte[tensor.byteSize()];
                tensor.data().get(bytes);
                records.add(zip, "data/" + key++, bytes);
            }
            records.add(zip, "version", ascii("3\n"));
            records.add(zip, ".data/serialization_id", ascii(records.serializationId()));
        }
    }

    public byte[] toBytes(StateDict stateDict) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(stateDict, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen in memory
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Tracks what the serialization id is made of: a hash of the record names and a CRC of their data. */
    private final class Records {
        private long nameHash = 0;
        private final CRC32 dataCrc = new CRC32();

        void add(AlignedZipWriter zip, String name, byte[] data) throws IOException {
            zip.write(archiveName + "/" + name, data);
            nameHash = nameHash * 1_000_003L + name.hashCode();
            dataCrc.update(data);
        }

        String serializationId() {
            return pad20(Long.toUnsignedString(nameHash)) + pad20(Long.toString(dataCrc.getValue()));
        }

        private static String pad20(String digits) {
            return "0".repeat(Math.max(0, 20 - digits.length())) + digits;
        }
    }
}
