package dev.kiln.registry.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.registry.IdxFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxValidatorTests {
    @TempDir
    Path dir;

    @Test
    void readsGzippedAndPlainFilesAlike() throws Exception {
        IdxFile gz = IdxValidator.validate(file(IdxFiles.images(dir.resolve("a.gz"), 5, 28, 28, true)));
        IdxFile plain = IdxValidator.validate(file(IdxFiles.images(dir.resolve("a"), 5, 28, 28, false)));
        assertThat(gz).isEqualTo(plain);
        assertThat(gz.kind()).isEqualTo(IdxFile.Kind.IMAGES);
        assertThat(gz.imageShape()).containsExactly(28, 28);
        IdxFile labels = IdxValidator.validate(file(IdxFiles.labels(dir.resolve("l.gz"), 50, 10, true)));
        assertThat(labels.count()).isEqualTo(50);
        assertThat(labels.maxLabel()).isEqualTo(9);
    }

    @Test
    void labelsWithBytesAfterTheDeclaredCountAreRefused() throws Exception {
        Path labels = IdxFiles.labels(dir.resolve("l"), 10, 3, false);
        Files.write(labels, new byte[] {1, 2}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> IdxValidator.validate(file(labels)))
                .hasMessage("l: the header declares 10 labels but the file has 12 (extra bytes at the end)");
    }

    @Test
    void fileEndingInsideItsHeaderIsRefused() throws Exception {
        Path stub = Files.write(dir.resolve("stub"), new byte[] {0, 0, 8, 3, 0, 0});
        assertThatThrownBy(() -> IdxValidator.validate(file(stub))).hasMessageContaining("ends inside its IDX header");
    }

    @Test
    void absurdDimensionsAreRefused() throws Exception {
        Path huge = IdxFiles.images(dir.resolve("huge"), 1, 1, 1, false);
        byte[] bytes = Files.readAllBytes(huge);
        bytes[8] = 0x7f; // rows = 0x7f000001
        Files.write(huge, bytes);
        assertThatThrownBy(() -> IdxValidator.validate(file(huge)))
                .hasMessageContaining("the IDX header's row count is 2130706433; it must be 1 to 4096");
    }

    private static UploadFile file(Path path) {
        return new UploadFile("files", path.getFileName().toString(), path);
    }
}
