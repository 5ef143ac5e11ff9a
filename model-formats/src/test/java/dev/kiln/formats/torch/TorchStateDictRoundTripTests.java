package dev.kiln.formats.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kiln.contracts.spec.DType;
import dev.kiln.contracts.spec.ShapeInference;
import dev.kiln.formats.InvalidArtifactException;
import dev.kiln.formats.StateDict;
import dev.kiln.formats.Tensor;
import dev.kiln.formats.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Test;

class TorchStateDictRoundTripTests {
    private final TorchStateDictWriter writer = new TorchStateDictWriter();
    private final TorchStateDictReader reader = new TorchStateDictReader();

    @Test
    void roundTripsFloat32Float64Int64ScalarAndEmptyTensors() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("1.weight", Tensor.ofFloats(new long[] {2, 3}, 1, -2, 3.5f, Float.MIN_VALUE, -0f, 1e30f));
        tensors.put("1.bias", Tensor.ofDoubles(new long[] {2}, Math.PI, -1e-300));
        tensors.put("2.index", Tensor.ofLongs(new long[] {3}, Long.MIN_VALUE, 0, Long.MAX_VALUE));
        tensors.put("3.num_batches_tracked", Tensor.scalar(70_000));
        tensors.put("4.empty", Tensor.ofFloats(new long[] {0, 5}));
        StateDict stateDict = new StateDict(tensors);

        StateDict read = reader.read(writer.toBytes(stateDict));

        assertThat(read).isEqualTo(stateDict);
        assertThat(read.keys()).containsExactlyElementsOf(tensors.keySet());
    }

    @Test
    void roundTripsTheStateDictOfEveryLayerType() {
        StateDict stateDict = TestModels.randomStateDict(ShapeInference.infer(TestModels.everyLayer()), 1);

        assertThat(reader.read(writer.toBytes(stateDict))).isEqualTo(stateDict);
    }

    @Test
    void writesTheRecordsOfPyTorch2WithStorageDataAlignedTo64Bytes() throws IOException {
        StateDict stateDict = new StateDict(Map.of(
                "0.weight", Tensor.ofFloats(new long[] {3}, 1, 2, 3),
                "0.num_batches_tracked", Tensor.scalar(4)));
        byte[] file = writer.toBytes(new StateDict(new LinkedHashMap<>(stateDict.tensors())));

        List<String> names = new ArrayList<>();
        Map<String, String> small = new LinkedHashMap<>();
        try (ZipFile zip = ZipFile.builder()
                .setSeekableByteChannel(new SeekableInMemoryByteChannel(file))
                .get()) {
            for (ZipArchiveEntry entry : java.util.Collections.list(zip.getEntriesInPhysicalOrder())) {
                names.add(entry.getName());
                assertThat(entry.getMethod()).as(entry.getName()).isEqualTo(ZipArchiveEntry.STORED);
                assertThat(entry.getDataOffset() % 64).as(entry.getName()).isZero();
                if (!entry.getName().contains("data")) {
                    small.put(
                            entry.getName(),
                            new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.US_ASCII));
                }
            }
        }
        assertThat(names)
                .containsExactly(
                        "state_dict/data.pkl",
                        "state_dict/.format_version",
                        "state_dict/.storage_alignment",
                        "state_dict/byteorder",
                        "state_dict/data/0",
                        "state_dict/data/1",
                        "state_dict/version",
                        "state_dict/.data/serialization_id");
        assertThat(small)
                .containsEntry("state_dict/version", "3\n")
                .containsEntry("state_dict/byteorder", "little")
                .containsEntry("state_dict/.format_version", "1")
                .containsEntry("state_dict/.storage_alignment", "64");
    }

    @Test
    void writesIdenticalBytesForIdenticalStateDicts() {
        StateDict stateDict = new StateDict(Map.of("0.weight", Tensor.ofFloats(new long[] {2}, 1, 2)));

        assertThat(writer.toBytes(stateDict)).isEqualTo(writer.toBytes(stateDict));
    }

    @Test
    void readsAnArchiveWrittenBigEndian() throws IOException {
        Tensor weight = Tensor.ofFloats(new long[] {2, 2}, 1.5f, -2.25f, 3, 4);
        Tensor steps = Tensor.scalar(258);
        byte[] pickle = StateDictPickler.pickle(new StateDict(orderedOf("0.weight", weight, "0.steps", steps)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AlignedZipWriter zip = new AlignedZipWriter(out)) {
            zip.write("be/data.pkl", pickle);
            zip.write("be/byteorder", "big".getBytes(StandardCharsets.US_ASCII));
            zip.write("be/data/0", bigEndian(weight));
            zip.write("be/data/1", bigEndian(steps));
            zip.write("be/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }

        StateDict read = reader.read(out.toByteArray());

        assertThat(read.get("0.weight")).isEqualTo(weight);
        assertThat(read.get("0.steps").toLongArray()).containsExactly(258);
    }

    @Test
    void gathersTransposedAndOffsetViewsIntoRowMajorOrder() {
        // storage 0..11 as float32; view: offset 1, size [3, 2], stride [1, 4] (a transposed slice)
        Tensor storage = Tensor.ofFloats(new long[] {12}, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        byte[] bytes = new byte[storage.byteSize()];
        storage.data().get(bytes);

        byte[] gathered = StridedCopy.gather("t", bytes, 12, 4, 1, new long[] {3, 2}, new long[] {1, 4});

        assertThat(Tensor.of(DType.FLOAT32, new long[] {3, 2}, gathered).toFloatArray())
                .containsExactly(1, 5, 2, 6, 3, 7);
    }

    @Test
    void refusesAViewThatReachesPastItsStorage() {
        assertThatThrownBy(() -> StridedCopy.gather("1.weight", new byte[16], 4, 4, 2, new long[] {3}, new long[] {1}))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("tensor '1.weight'")
                .hasMessageContaining("reaches element 4 of a storage of 4 elements");
    }

    @Test
    void everyTruncationOfAFileGetsAClearError() {
        byte[] file = writer.toBytes(TestModels.randomStateDict(ShapeInference.infer(TestModels.everyLayer()), 2));

        for (int length = 0; length < file.length; length += Math.max(1, length / 16)) {
            byte[] truncated = Arrays.copyOf(file, length);
            Throwable thrown = catchThrowable(() -> reader.read(truncated));
            assertThat(thrown).as("truncated to %d bytes", length).isInstanceOf(InvalidArtifactException.class);
            assertThat(thrown.getMessage()).as("truncated to %d bytes", length).isNotBlank();
        }
    }

    @Test
    void everyFlippedByteIsEitherHarmlessOrAClearError() {
        StateDict stateDict = TestModels.randomStateDict(ShapeInference.infer(TestModels.mlp()), 3);
        StateDict small =
                new StateDict(orderedOf("5.weight", stateDict.get("5.weight"), "5.bias", stateDict.get("5.bias")));
        byte[] file = writer.toBytes(small);
        int errors = 0;
        for (int position = 0; position < file.length; position += 7) {
            byte[] corrupted = file.clone();
            corrupted[position] ^= 0x5a;
            Throwable thrown =
                    catchThrowable(() -> assertThat(reader.read(corrupted)).isEqualTo(small));
            if (thrown != null) {
                assertThat(thrown).as("byte %d flipped", position).isInstanceOf(InvalidArtifactException.class);
                errors++;
            }
        }
        assertThat(errors).isPositive();
    }

    @Test
    void refusesFilesThatAreNotStateDicts() {
        assertThatThrownBy(() -> reader.read("hello".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("a file written by torch.save is a zip archive");
        assertThatThrownBy(() -> reader.read(new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10}))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("legacy torch.save format");
    }

    @Test
    void refusesATorchScriptArchive() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AlignedZipWriter zip = new AlignedZipWriter(out)) {
            zip.write("model/data.pkl", PickleBytes.protocol(2).op('}').stop().bytes());
            zip.write("model/code/__torch__.py", new byte[1]);
            zip.write("model/constants.pkl", new byte[1]);
            zip.write("model/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }

        assertThatThrownBy(() -> reader.read(out.toByteArray()))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("TorchScript archive (torch.jit.save), not a state dict");
    }

    @Test
    void refusesACheckpointThatWrapsTheStateDict() throws IOException {
        byte[] pickle = PickleBytes.protocol(2)
                .op('}')
                .string("model")
                .op('}')
                .op('s') // SETITEM
                .stop()
                .bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AlignedZipWriter zip = new AlignedZipWriter(out)) {
            zip.write("checkpoint/data.pkl", pickle);
            zip.write("checkpoint/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }

        assertThatThrownBy(() -> reader.read(out.toByteArray()))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("'model' holds a dict, not a tensor");
    }

    private static Map<String, Tensor> orderedOf(String k1, Tensor v1, String k2, Tensor v2) {
        Map<String, Tensor> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    private static byte[] bigEndian(Tensor tensor) {
        byte[] bytes = new byte[tensor.byteSize()];
        tensor.data().get(bytes);
        StridedCopy.swapBytes(bytes, Tensor.itemSize(tensor.dtype()));
        return bytes;
    }
}
