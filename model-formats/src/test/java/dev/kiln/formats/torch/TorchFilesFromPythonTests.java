package dev.kiln.formats.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.contracts.spec.DType;
import dev.kiln.formats.InvalidArtifactException;
import dev.kiln.formats.PythonRunner;
import dev.kiln.formats.StateDict;
import dev.kiln.formats.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by Debian's PyTorch itself: views with strides and offsets, a malicious pickle, float16. */
class TorchFilesFromPythonTests {
    private final TorchStateDictReader reader = new TorchStateDictReader();

    @Test
    void readsNonContiguousStridesAndStorageOffsetsAsTorchSavedThem(@TempDir Path dir) throws IOException {
        Path expected = Files.createDirectory(dir.resolve("expected"));
        String described = PythonRunner.run(
                "save-strided", "--out", dir.resolve("views.pt").toString(), "--expected", expected.toString());

        StateDict read = reader.read(dir.resolve("views.pt"));

        assertThat(described).contains("\"contiguous\": false").contains("\"offset\": 17");
        assertThat(read.keys())
                .containsExactly(
                        "transposed",
                        "sliced",
                        "offset_row",
                        "expanded",
                        "longs_t",
                        "doubles_slice",
                        "scalar",
                        "empty");
        assertThat(read.get("transposed").shapeList()).isEqualTo(List.of(5, 4, 3));
        assertThat(read.get("sliced").shapeList()).isEqualTo(List.of(2, 2, 3));
        assertThat(read.get("expanded").shapeList()).isEqualTo(List.of(3, 4));
        assertThat(read.get("longs_t").dtype()).isEqualTo(DType.INT64);
        assertThat(read.get("doubles_slice").dtype()).isEqualTo(DType.FLOAT64);
        assertThat(read.get("scalar").toLongArray()).containsExactly(42);
        assertThat(read.get("empty").shapeList()).isEqualTo(List.of(0, 3));
        for (String name : read.keys()) {
            Tensor tensor = read.get(name);
            byte[] torchContiguous = Files.readAllBytes(expected.resolve(name + ".bin"));
            assertThat(Tensor.of(tensor.dtype(), tensor.shape(), torchContiguous))
                    .as(name)
                    .isEqualTo(tensor);
        }
    }

    @Test
    void refusesAPickleThatWouldCallOsSystemAndNothingRuns(@TempDir Path dir) throws IOException {
        Path marker = dir.resolve("marker");
        Path file = dir.resolve("evil.pt");
        String saved = PythonRunner.run("save-unsafe", "--out", file.toString(), "--marker", marker.toString());
        assertThat(saved).contains("\"global_in_pickle\": true");

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(UnsafePickleException.class)
                .hasMessageStartingWith("refusing global posix.system at byte offset ")
                .hasMessageEndingWith(": only PyTorch tensor globals are allowed (like torch.load(weights_only=True))");
        assertThat(marker).doesNotExist();

        // The file is really malicious: unpickled without weights_only, it runs the command.
        PythonRunner.runAllowingFailure("load-unsafe", "--file", file.toString());
        assertThat(marker).exists();
    }

    @Test
    void refusesFloat16TensorsNamingTheTensorAndTheTypesItReads(@TempDir Path dir) {
        Path file = dir.resolve("half.pt");
        PythonRunner.run("save-half", "--out", file.toString());

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("tensor '0.weight' is float16 (torch.HalfStorage); Kiln reads float32, float64 and int64"
                        + " tensors: convert it before saving");
    }
}
