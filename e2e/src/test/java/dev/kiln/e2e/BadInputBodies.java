package dev.kiln.e2e;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The corpus's generated bodies: those too large to keep in the repository, or made of binary structure (PNG chunks,
 * zip archives, pickles) that reads better as code than as bytes. Each is named in {@code corpus.yaml} by
 * {@code generate} with its {@code params}.
 */
final class BadInputBodies {
    /** Where the pickle's {@code os.system} call would leave its mark if anything ran it. */
    static final String OS_SYSTEM_MARKER = "/tmp/kiln-bad-input-os-system-ran";

    private BadInputBodies() {}

    static byte[] generate(String generator, Map<String, Object> params) throws IOException {
        return switch (generator) {
            case "deep-nesting" -> deepNesting(params);
            case "repeat" -> repeat(params);
            case "png-claiming-size" -> png(intParam(params, "width"), intParam(params, "height"), false);
            case "png-bomb" -> png(intParam(params, "width"), intParam(params, "height"), true);
            case "pickle-os-system" -> torchZip(osSystemPickle(), 0);
            case "zip-bomb-state-dict" -> torchZip(minimalPickle(), longParam(params, "inflated_bytes"));
            case "gzip-bomb-idx" -> gzipBombIdx(longParam(params, "inflated_bytes"));
            default -> throw new IllegalArgumentException("no generator '" + generator + "'");
        };
    }

    /** {@code template} with its {@code %s} replaced by {@code depth} nested arrays. */
    private static byte[] deepNesting(Map<String, Object> params) {
        int depth = intParam(params, "depth");
        String nested = "[".repeat(depth) + "]".repeat(depth);
        return template(params).replace("%s", nested).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code template} with its {@code %s} replaced by {@code unit} (default "a") repeated {@code count} times. */
    private static byte[] repeat(Map<String, Object> params) {
        String unit = String.valueOf(params.getOrDefault("unit", "a"));
        return template(params)
                .replace("%s", unit.repeat(intParam(params, "count")))
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A grayscale PNG whose header claims {@code width}x{@code height}. Without {@code full}, its data holds one row:
     * a few hundred bytes claiming billions of pixels. With {@code full}, every row is there (zeros, deflated), a real
     * decompression bomb.
     */
    static byte[] png(int width, int height, boolean full) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(ihdr);
        header.writeInt(width);
        header.writeInt(height);
        header.write(new byte[] {8, 0, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
            long rows = full ? height : 1;
            byte[] row = new byte[full ? width + 1 : Math.min(width, 1024) + 1];
            for (long r = 0; r < rows; r++) {
                z.write(row);
            }
        }
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        d.write(name);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    /**
     * A pickle (protocol 2) that calls {@code os.system("touch <marker>")} when loaded, as {@code
     * pickle.dumps(Evil())} with {@code __reduce__ = lambda self: (os.system, (cmd,))} writes it.
     */
    static byte[] osSystemPickle() {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x80);
        p.write(2);
        p.writeBytes("cposix\nsystem\n".getBytes(StandardCharsets.US_ASCII));
        byte[] command = ("touch " + OS_SYSTEM_MARKER).getBytes(StandardCharsets.US_ASCII);
        p.write('X');
        p.write(command.length);
        p.write(0);
        p.write(0);
        p.write(0);
        p.writeBytes(command);
        p.write(0x85); // TUPLE1
        p.write('R'); // REDUCE
        p.write('.');
        return p.toByteArray();
    }

    /** An empty dict, pickled: {@code pickle.dumps({}, protocol=2)}. */
    private static byte[] minimalPickle() {
        return new byte[] {(byte) 0x80, 2, '}', 'q', 0, '.'};
    }

    /**
     * A state dict zip as {@code torch.save} lays it out ({@code archive/data.pkl}, {@code archive/version}), with,
     * when {@code inflatedBytes > 0}, a deflated {@code archive/data/0} of that many zeros: a zip bomb.
     */
    static byte[] torchZip(byte[] pickle, long inflatedBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(pickle);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("archive/version"));
            zip.write("3\n".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
            if (inflatedBytes > 0) {
                zip.setLevel(Deflater.BEST_COMPRESSION);
                zip.putNextEntry(new ZipEntry("archive/data/0"));
                zeros(zip, inflatedBytes);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** A gzipped IDX image file whose header claims 28x28 images and whose body is {@code inflatedBytes} zeros. */
    private static byte[] gzipBombIdx(long inflatedBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            DataOutputStream header = new DataOutputStream(gz);
            header.writeInt(0x00000803);
            header.writeInt((int) Math.min(Integer.MAX_VALUE, inflatedBytes / 784));
            header.writeInt(28);
            header.writeInt(28);
            zeros(gz, inflatedBytes);
        }
        return out.toByteArray();
    }

    private static void zeros(OutputStream out, long count) throws IOException {
        byte[] block = new byte[1 << 20];
        for (long left = count; left > 0; left -= block.length) {
            out.write(block, 0, (int) Math.min(block.length, left));
        }
    }

    private static String template(Map<String, Object> params) {
        return String.valueOf(params.getOrDefault("template", "%s"));
    }

    private static int intParam(Map<String, Object> params, String name) {
        return ((Number) params.get(name)).intValue();
    }

    private static long longParam(Map<String, Object> params, String name) {
        return ((Number) params.get(name)).longValue();
    }
}
