package dev.kiln.formats.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kiln.contracts.spec.ShapeInference;
import dev.kiln.formats.InvalidArtifactException;
import dev.kiln.formats.StateDict;
import dev.kiln.formats.Tensor;
import dev.kiln.formats.TestModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafetensorsTests {
    private final SafetensorsWriter writer = new SafetensorsWriter();
    private final SafetensorsReader reader = new SafetensorsReader();

    @Test
    void roundTripsEveryLayerTypesTensorsWithMetadata() {
        StateDict stateDict = TestModels.randomStateDict(ShapeInference.infer(TestModels.everyLayer()), 4);
        Map<String, String> metadata = Map.of("format", "pt", "kiln.model", "demo");

        SafetensorsFile read = reader.read(writer.toBytes(stateDict, metadata));

        assertThat(read.tensors()).isEqualTo(stateDict);
        assertThat(read.tensors().keys()).containsExactlyElementsOf(stateDict.keys());
        assertThat(read.metadata()).isEqualTo(metadata);
    }

    @Test
    void roundTripsFloat64Int64ScalarAndEmptyTensors() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("d", Tensor.ofDoubles(new long[] {2}, Math.E, -0.0));
        tensors.put("l", Tensor.ofLongs(new long[] {1, 2}, Long.MAX_VALUE, -1));
        tensors.put("s", Tensor.scalar(3));
        tensors.put("e", Tensor.ofFloats(new long[] {0}));
        StateDict stateDict = new StateDict(tensors);

        assertThat(reader.read(writer.toBytes(stateDict, Map.of())).tensors()).isEqualTo(stateDict);
    }

    @Test
    void writesTheHuggingFaceLayout() {
        byte[] file = writer.toBytes(
                new StateDict(Map.of("w", Tensor.ofFloats(new long[] {2}, 1, 2))), Map.of("format", "pt"));

        long headerLength =
                ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(file, 8, (int) headerLength, StandardCharsets.UTF_8);

        assertThat(headerLength % 8).isZero();
        assertThat(header.strip())
                .isEqualTo("{\"__metadata__\":{\"format\":\"pt\"},"
                        + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}");
        assertThat(file).hasSize(8 + (int) headerLength + 8);
        assertThat(ByteBuffer.wrap(file, 8 + (int) headerLength, 8)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .getFloat())
                .isEqualTo(1f);
    }

    @Test
    void everyTruncationGetsAClearError() {
        byte[] file = writer.toBytes(TestModels.randomStateDict(ShapeInference.infer(TestModels.cnn()), 5), Map.of());

        for (int length = 0; length < file.length; length += Math.max(1, length / 16)) {
            byte[] truncated = Arrays.copyOf(file, length);
            Throwable thrown = catchThrowable(() -> reader.read(truncated));
            assertThat(thrown).as("truncated to %d bytes", length).isInstanceOf(InvalidArtifactException.class);
        }
        assertThatThrownBy(() -> reader.read(Arrays.copyOf(file, file.length - 1)))
                .hasMessageStartingWith("truncated safetensors file: the header describes");
    }

    @Test
    void everyCorruptedHeaderByteIsEitherHarmlessOrAClearError() {
        byte[] file = writer.toBytes(
                new StateDict(Map.of("0.weight", Tensor.ofFloats(new long[] {2, 2}, 1, 2, 3, 4))), Map.of("a", "b"));
        long headerLength =
                ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        for (int position = 0; position < 8 + headerLength; position++) {
            byte[] corrupted = file.clone();
            corrupted[position] ^= 0x21;
            Throwable thrown = catchThrowable(() -> reader.read(corrupted));
            if (thrown != null) {
                assertThat(thrown).as("byte %d flipped", position).isInstanceOf(InvalidArtifactException.class);
            }
        }
    }

    @Test
    void refusesOverlappingOrMisSizedRanges() {
        assertThatThrownBy(() -> reader.read(file(
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                        8)))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("starts at byte 0 of the data, expected 4");
        assertThatThrownBy(
                        () -> reader.read(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4)))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("a F32 tensor of shape [2] takes 8 bytes");
    }

    @Test
    void refusesDuplicateKeysAndDtypesItDoesNotRead() {
        assertThatThrownBy(() -> reader.read(file(
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                        8)))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("Duplicate");
        assertThatThrownBy(
                        () -> reader.read(file("{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4)))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("safetensors tensor 'h' is F16; Kiln reads F32, F64 and I64 tensors");
    }

    @Test
    void refusesAFileThatIsNotSafetensors() {
        assertThatThrownBy(() -> reader.read("PK\3\4 this is a zip file, really".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("this is not a safetensors file");
    }

    private static byte[] file(String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(json.length).put(json);
        return buffer.array();
    }
}
