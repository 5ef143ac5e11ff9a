package dev.kiln.inference.api.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.inference.error.ErrorCode;
import dev.kiln.inference.error.InferenceException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageInputTests {
    @Test
    void refusesAPngWhoseHeaderClaimsMorePixelsThanTheLimitBeforeDecodingIt() throws IOException {
        byte[] bomb = png(100_000, 100_000);
        assertThat(bomb.length).isLessThan(1024);

        assertThatThrownBy(() -> ImageInput.decode(bomb))
                .isInstanceOfSatisfying(
                        InferenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("100000x100000 (10,000,000,000 pixels)")
                .hasMessageContaining("at most 16,777,216 pixels");
    }

    @Test
    void refusesBytesThatAreNoImage() {
        assertThatThrownBy(() -> ImageInput.decode("GIF? no, plain text".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InferenceException.class)
                .hasMessageContaining("not a PNG or JPEG image");
    }

    @Test
    void refusesATruncatedPngWithTheReason() throws IOException {
        byte[] whole = png(28, 28);
        byte[] truncated = java.util.Arrays.copyOf(whole, 40);
        assertThatThrownBy(() -> ImageInput.decode(truncated))
                .isInstanceOf(InferenceException.class)
                .hasMessageContaining("could not be read as an image");
    }

    @Test
    void decodesAnImageWithinTheLimit() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", out);
        BufferedImage image = ImageInput.decode(out.toByteArray());
        assertThat(image.getWidth()).isEqualTo(28);
        assertThat(image.getHeight()).isEqualTo(28);
    }

    /** A grayscale PNG of the given size whose data holds one row: valid header, tiny file. */
    static byte[] png(int width, int height) throws IOException {
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
            z.write(new byte[Math.min(width, 1024) + 1]);
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
}
