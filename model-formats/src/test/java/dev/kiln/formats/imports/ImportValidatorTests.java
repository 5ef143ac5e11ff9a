package dev.kiln.formats.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.contracts.spec.InvalidModelSpecException;
import dev.kiln.contracts.spec.Linear;
import dev.kiln.contracts.spec.ModelSpec;
import dev.kiln.contracts.spec.ShapeInference;
import dev.kiln.formats.InvalidArtifactException;
import dev.kiln.formats.StateDict;
import dev.kiln.formats.Tensor;
import dev.kiln.formats.TestModels;
import dev.kiln.formats.onnx.OnnxExportMetadata;
import dev.kiln.formats.onnx.OnnxExporter;
import dev.kiln.formats.onnx.OnnxMetadataKeys;
import dev.kiln.formats.onnx.OnnxSignature;
import dev.kiln.formats.onnx.TensorSignature;
import dev.kiln.formats.torch.TorchStateDictWriter;
import dev.kiln.formats.torch.UnsafePickleException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportValidatorTests {
    private final OnnxImportValidator onnxValidator = new OnnxImportValidator();
    private final StateDictImportValidator stateDictValidator = new StateDictImportValidator();
    private final ModelSpec cnn = TestModels.cnn();
    private final InferredModel inferred = ShapeInference.infer(cnn);

    @Test
    void readsTheSignatureAndMetadataOfAnOnnxModelFromItsGraph() {
        OnnxSignature signature = onnxValidator.validate(exportCnn());

        assertThat(signature.inputs())
                .containsExactly(new TensorSignature("input", "FP32", List.of(-1L, 1L, 28L, 28L)));
        assertThat(signature.outputs())
                .containsExactly(
                        new TensorSignature("logits", "FP32", List.of(-1L, 10L)),
                        new TensorSignature("probabilities", "FP32", List.of(-1L, 10L)));
        assertThat(signature.metadata()).containsEntry(OnnxMetadataKeys.MODEL_NAME, "imported");
    }

    @Test
    void everyTruncationOfAnOnnxFileGetsAClearError() {
        byte[] onnx = exportCnn();

        for (int length = 0; length < onnx.length; length += Math.max(1, length / 8)) {
            byte[] truncated = Arrays.copyOf(onnx, length);
            Throwable thrown = catchThrowable(() -> onnxValidator.validate(truncated));
            assertThat(thrown).as("truncated to %d bytes", length).isInstanceOf(InvalidArtifactException.class);
        }
    }

    @Test
    void refusesAFileThatIsNotOnnx() {
        assertThatThrownBy(() -> onnxValidator.validate("{\"not\": \"onnx\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageStartingWith("not an ONNX model");
    }

    @Test
    void refusesAGraphThatOnnxRuntimeCannotLoad() throws InvalidProtocolBufferException {
        ModelProto.Builder model = ModelProto.parseFrom(exportCnn()).toBuilder();
        // A node reading a tensor that nothing defines: a well-formed protobuf, an invalid graph.
        model.getGraphBuilder().getNodeBuilder(2).setInput(1, "no.such.weight");
        byte[] broken = model.build().toByteArray();

        assertThatThrownBy(() -> onnxValidator.validate(broken))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageStartingWith("ONNX Runtime cannot load the model: ")
                .hasMessageContaining("no.such.weight");
    }

    @Test
    void acceptsAStateDictThatMatchesItsSpec() {
        StateDict stateDict = TestModels.randomStateDict(inferred, 1);

        assertThat(stateDictValidator.validate(new TorchStateDictWriter().toBytes(stateDict), cnn))
                .isEqualTo(stateDict);
    }

    @Test
    void listsEveryMissingExtraAndMisShapedTensor() {
        Map<String, Tensor> tensors =
                new LinkedHashMap<>(TestModels.randomStateDict(inferred, 1).tensors());
        tensors.remove("5.running_mean");
        tensors.remove("13.bias");
        tensors.put("10.weight", Tensor.ofFloats(new long[] {128, 64}, new float[128 * 64]));
        tensors.put("1.num_batches_tracked", Tensor.ofFloats(new long[0], 1));
        tensors.put("classifier.weight", Tensor.ofFloats(new long[] {2}, 1, 2));
        byte[] file = new TorchStateDictWriter().toBytes(new StateDict(tensors));

        Throwable thrown = catchThrowable(() -> stateDictValidator.validate(file, cnn));

        assertThat(thrown)
                .isInstanceOf(StateDictMismatchException.class)
                .hasMessage("the state dict does not match the model spec (5 problems):"
                        + " 1.num_batches_tracked is float32, the spec needs int64;"
                        + " missing 5.running_mean [64] (float32);"
                        + " 10.weight has shape [128, 64], the spec needs [128, 3136];"
                        + " missing 13.bias [10] (float32);"
                        + " unexpected classifier.weight [2] (not in the spec)");
        assertThat(((StateDictMismatchException) thrown).mismatches())
                .extracting(TensorMismatch::kind)
                .containsExactly(
                        TensorMismatch.Kind.WRONG_DTYPE,
                        TensorMismatch.Kind.MISSING,
                        TensorMismatch.Kind.WRONG_SHAPE,
                        TensorMismatch.Kind.MISSING,
                        TensorMismatch.Kind.UNEXPECTED);
    }

    @Test
    void refusesAnImpossibleSpecBeforeReadingTheFile() {
        ModelSpec impossible = ModelSpec.of(List.of(1, 28, 28), new Linear(10));

        assertThatThrownBy(() -> stateDictValidator.validate(new byte[0], impossible))
                .isInstanceOf(InvalidModelSpecException.class)
                .hasMessageContaining("add a Flatten");
    }

    @Test
    void refusesAnUnsafeStateDictWithTheUnsafeError() {
        byte[] pickle = {(byte) 0x80, 2, 'c', 'o', 's', '\n', 's', 'y', 's', 't', 'e', 'm', '\n', '.'};
        byte[] file = zipWithPickle(pickle);

        assertThatThrownBy(() -> stateDictValidator.validate(file, cnn))
                .isInstanceOf(UnsafePickleException.class)
                .hasMessageContaining("refusing global os.system");
    }

    private byte[] exportCnn() {
        return new OnnxExporter("test")
                .export(
                        cnn,
                        TestModels.randomStateDict(inferred, 1),
                        new OnnxExportMetadata("imported", "1", List.of(), TestModels.normalization(cnn)));
    }

    /** A torch-layout archive whose data.pkl is the given pickle (built by replacing a real one's pickle). */
    private static byte[] zipWithPickle(byte[] pickle) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("evil/data.pkl"));
            zip.write(pickle);
            zip.putNextEntry(new java.util.zip.ZipEntry("evil/version"));
            zip.write("3\n".getBytes(StandardCharsets.US_ASCII));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
