package dev.kiln.formats.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.formats.InvalidArtifactException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class TorchArchiveTests {
    private static final byte[] EMPTY_DICT_PICKLE = {(byte) 0x80, 2, '}', 'q', 0, '.'};

    @Test
    void refusesAZipBombBeforeInflatingIt() throws IOException {
        byte[] bomb = archive(256L << 20);
        assertThat(bomb.length).as("a quarter of a GiB of zeros, deflated").isLessThan(1 << 20);

        assertThatThrownBy(() -> TorchArchive.read(bomb))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("record archive/data/0 takes the archive past")
                .hasMessageContaining("more than 16 times the file's " + bomb.length + " bytes (a zip bomb?)");
    }

    @Test
    void readsRecordsThatInflateWithinTheLimit() throws IOException {
        TorchArchive archive = TorchArchive.read(archive(512 * 1024));
        assertThat(archive.folder()).isEqualTo("archive");
        assertThat(archive.require("data/0")).hasSize(512 * 1024);
    }

    /** A torch.save-like archive with one deflated record of zeros (torch.save itself stores records). */
    private static byte[] archive(long zeros) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(EMPTY_DICT_PICKLE);
            zip.closeEntry();
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry("archive/data/0"));
            byte[] block = new byte[1 << 20];
            for (long left = zeros; left > 0; left -= block.length) {
                zip.write(block, 0, (int) Math.min(block.length, left));
            }
            zip.closeEntry();
        }
        return out.toByteArray();
    }
}
