package dev.kiln.inference.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.kiln.contracts.inference.v2.InferTensorContents;
import dev.kiln.contracts.inference.v2.ModelInferRequest;
import dev.kiln.contracts.inference.v2.ModelInferResponse;
import dev.kiln.inference.serving.InferOutput;
import dev.kiln.inference.serving.InferRequest;
import dev.kiln.inference.serving.InferResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrpcCodecTests {
    static ModelInferRequest.InferInputTensor.Builder input() {
        return ModelInferRequest.InferInputTensor.newBuilder()
                .setName("input")
                .setDatatype("FP32")
                .addShape(1)
                .addShape(2);
    }

    static ByteString littleEndian(float... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putFloat(v);
        }
        return ByteString.copyFrom(bytes.array());
    }

    @Test
    void readsRawInputContentsAsLittleEndianFloats() {
        InferRequest request = GrpcCodec.request(
                ModelInferRequest.newBuilder()
                        .setModelName("fashion")
                        .setModelVersion("2")
                        .setId("abc")
                        .addInputs(input())
                        .addRawInputContents(littleEndian(1.5f, -2f))
                        .build(),
                0);
        assertThat(request.model().version()).isEqualTo(2);
        assertThat(request.id()).isEqualTo("abc");
        assertThat(request.inputs().get(0).data().get(0)).isEqualTo(1.5f);
        assertThat(request.inputs().get(0).data().get(1)).isEqualTo(-2f);
        assertThat(request.inputs().get(0).data().limit()).isEqualTo(2);
    }

    @Test
    void refusesRawAndTypedContentsInOneRequest() {
        ModelInferRequest mixed = ModelInferRequest.newBuilder()
                .setModelName("fashion")
                .addInputs(input().setContents(InferTensorContents.newBuilder()
                        .addFp32Contents(1)
                        .addFp32Contents(2)))
                .addRawInputContents(littleEndian(1, 2))
                .build();
        assertThatThrownBy(() -> GrpcCodec.request(mixed, 0))
                .hasMessageContaining("send every input one way, not both");
    }

    @Test
    void refusesFp32ValuesInAnotherContentsField() {
        ModelInferRequest wrongField = ModelInferRequest.newBuilder()
                .setModelName("fashion")
                .addInputs(input().setContents(InferTensorContents.newBuilder()
                        .addIntContents(1)
                        .addIntContents(2)))
                .build();
        assertThatThrownBy(() -> GrpcCodec.request(wrongField, 0)).hasMessageContaining("put them there");
    }

    @Test
    void answersRawWhenAskedRawWithLengthPrefixedBytes() {
        InferResponse response = new InferResponse(
                "fashion",
                "2",
                "abc",
                List.of(
                        InferOutput.fp32("probabilities", new long[] {1, 2}, new float[] {0.25f, 0.75f}),
                        InferOutput.bytes("label", new long[] {1}, new String[] {"Bag"})));
        ModelInferResponse raw = GrpcCodec.response(response, true);
        assertThat(raw.getRawOutputContents(0)).isEqualTo(littleEndian(0.25f, 0.75f));
        ByteBuffer label = raw.getRawOutputContents(1).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(label.getInt()).isEqualTo(3);
        byte[] text = new byte[3];
        label.get(text);
        assertThat(new String(text, StandardCharsets.UTF_8)).isEqualTo("Bag");
        assertThat(raw.getOutputs(0).hasContents()).isFalse();

        ModelInferResponse typed = GrpcCodec.response(response, false);
        assertThat(typed.getOutputs(0).getContents().getFp32ContentsList()).containsExactly(0.25f, 0.75f);
        assertThat(typed.getOutputs(1).getContents().getBytesContents(0).toStringUtf8())
                .isEqualTo("Bag");
        assertThat(typed.getId()).isEqualTo("abc");
        assertThat(typed.getRawOutputContentsCount()).isZero();
    }
}
