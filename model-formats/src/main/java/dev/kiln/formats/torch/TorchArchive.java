package dev.kiln.formats.torch;

import dev.kiln.formats.InvalidArtifactException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * The records of a PyTorch zip archive by their name under its single top-level folder ({@code data.pkl},
 * {@code data/0}, {@code version}, …). Reading checks every record's CRC and that the archive is complete.
 */
record TorchArchive(String folder, Map<String, byte[]> records) {
    private static final long MAX_TOTAL_BYTES = 1L << 31;

    /**
     * How much larger than the file its records may be together. torch.save stores records uncompressed, and floats
     * barely deflate; a zip bomb (a few MB that inflate to gigabytes) is far beyond this.
     */
    static final int MAX_EXPANSION = 16;

    /** Records may always inflate to this much, whatever the file's size. */
    private static final long MIN_INFLATED_BYTES = 1L << 20;

    static TorchArchive read(byte[] file) {
        if (file.length >= 2 && (file[0] & 0xff) == 0x80 && file[1] <= 5) {
            throw new InvalidArtifactException("not a zip archive but a bare pickle: this is the legacy torch.save"
                    + " format (PyTorch < 1.6 or _use_new_zipfile_serialization=False), which Kiln does not read;"
                    + " save it again with a current torch.save");
        }
        if (file.length < 4 || file[0] != 'P' || file[1] != 'K' || file[2] != 3 || file[3] != 4) {
            throw new InvalidArtifactException("not a PyTorch state dict: a file written by torch.save is a zip"
                    + " archive (starting with PK\\x03\\x04), this one is not");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = ZipFile.builder()
                .setSeekableByteChannel(new SeekableInMemoryByteChannel(file))
                .get()) {
            long total = 0;
            long budget = Math.min(MAX_TOTAL_BYTES, Math.max(MIN_INFLATED_BYTES, (long) file.length * MAX_EXPANSION));
            for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
                if (entry.isDirectory()) {
                    continue;
                }
                if (entry.getSize() > budget - total) {
                    throw inflatesTooFar(entry, file.length, budget);
                }
                byte[] data = readChecked(zip, entry, budget - total, file.length, budget);
                total += data.length;
                if (entries.put(entry.getName(), data) != null) {
                    throw new InvalidArtifactException("corrupt PyTorch state dict: record " + entry.getName()
                            + " appears twice in the zip archive");
                }
            }
        } catch (InvalidArtifactException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // commons-compress signals some malformed archives with runtime exceptions
            throw new InvalidArtifactException(
                    "corrupt or truncated PyTorch state dict: the zip archive cannot be" + " read (" + e.getMessage()
                            + ")",
                    e);
        }
        return fromEntries(entries);
    }

    private static TorchArchive fromEntries(Map<String, byte[]> entries) {
        if (entries.isEmpty()) {
            throw new InvalidArtifactException("not a PyTorch state dict: the zip archive is empty");
        }
        String first = entries.keySet().iterator().next();
        int slash = first.indexOf('/');
        if (slash <= 0) {
            throw new InvalidArtifactException("not a PyTorch state dict: torch.save puts every record under one"
                    + " top-level folder, but '" + first + "' is at the top of the zip archive");
        }
        String folder = first.substring(0, slash);
        Map<String, byte[]> records = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            if (!entry.getKey().startsWith(folder + "/")) {
                throw new InvalidArtifactException("not a PyTorch state dict: records are in two top-level folders, '"
                        + folder + "/' and '" + entry.getKey() + "'; torch.save writes one");
            }
            records.put(entry.getKey().substring(folder.length() + 1), entry.getValue());
        }
        return new TorchArchive(folder, records);
    }

    /** A record that must be there, or an error that says which is missing. */
    byte[] require(String name) {
        byte[] data = records.get(name);
        if (data == null) {
            throw new InvalidArtifactException(
                    "corrupt PyTorch state dict: record " + folder + "/" + name + " is missing from the zip archive");
        }
        return data;
    }

    /** The record's bytes, checked against the CRC-32 the archive records for it. */
    private static InvalidArtifactException inflatesTooFar(ZipArchiveEntry entry, long fileBytes, long budget) {
        return new InvalidArtifactException("PyTorch state dict refused: record " + entry.getName()
                + " takes the archive past " + budget + " bytes uncompressed, more than " + MAX_EXPANSION
                + " times the file's " + fileBytes + " bytes (a zip bomb?); torch.save stores records uncompressed");
    }

    private static byte[] readChecked(ZipFile zip, ZipArchiveEntry entry, long limit, long fileBytes, long budget)
            throws IOException {
        if (!zip.canReadEntryData(entry)) {
            throw new InvalidArtifactException("PyTorch state dict record " + entry.getName()
                    + " uses a zip feature Kiln cannot read (compression method " + entry.getMethod() + ")");
        }
        byte[] data;
        try (InputStream in = zip.getInputStream(entry)) {
            data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit));
            if (in.read() != -1) {
                throw budget < MAX_TOTAL_BYTES
                        ? inflatesTooFar(entry, fileBytes, budget)
                        : new InvalidArtifactException("PyTorch state dict too large: record " + entry.getName()
                                + " takes the archive past 2 GiB uncompressed");
            }
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
            throw new InvalidArtifactException("corrupt PyTorch state dict: record " + entry.getName()
                    + " fails its CRC-32 check; the file was damaged");
        }
        if (entry.getSize() != -1 && data.length != entry.getSize()) {
            throw new InvalidArtifactException("corrupt PyTorch state dict: record " + entry.getName() + " holds "
                    + data.length + " bytes, the archive says " + entry.getSize());
        }
        return data;
    }
}
