package dev.kiln.formats.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.contracts.spec.ModelSpec;
import dev.kiln.contracts.spec.ModelSpecJson;
import dev.kiln.contracts.spec.ShapeInference;
import dev.kiln.formats.Djl;
import dev.kiln.formats.Floats;
import dev.kiln.formats.OnnxRuntime;
import dev.kiln.formats.StateDict;
import dev.kiln.formats.Tensor;
import dev.kiln.formats.TestModels;
import dev.kiln.formats.djl.DjlNetworkBuilder;
import dev.kiln.formats.imports.StateDictMismatchException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OnnxExporterTests {
    private final OnnxExporter exporter = new OnnxExporter("0.1.0-test");

    static Stream<Arguments> specs() {
        return Stream.of(
                Arguments.of("mlp", TestModels.mlp()),
                Arguments.of("cnn", TestModels.cnn()),
                Arguments.of("every layer", TestModels.everyLayer()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void onnxRuntimeComputesWhatDjlComputesForAnyBatchSize(String name, ModelSpec spec) {
        InferredModel model = ShapeInference.infer(spec);
        StateDict stateDict = TestModels.randomStateDict(model, 8);
        InputNormalization normalization = TestModels.normalization(spec);
        byte[] onnx = exporter.export(spec, stateDict, new OnnxExportMetadata(name, "2", List.of(), normalization));

        for (int batch : new int[] {1, 3}) {
            float[] x = Floats.uniform(new Random(batch), batch * sampleSize(model), 0, 1);
            float[] djl;
            try (NDManager manager = NDManager.newBaseManager(Djl.ENGINE)) {
                djl = Djl.forward(
                        manager,
                        Djl.network(manager, model, stateDict, batch),
                        model,
                        Floats.normalise(x, batch, normalization.mean(), normalization.std()),
                        batch,
                        false);
            }
            Map<String, float[]> ort = OnnxRuntime.run(
                    onnx, x, DjlNetworkBuilder.inputShape(model, batch).getShape());

            assertThat(ort.keySet()).containsExactly("logits", "probabilities");
            assertThat(Floats.maxAbsDifference(ort.get("logits"), djl)).isLessThanOrEqualTo(1e-5f);
            assertThat(Floats.maxAbsDifference(ort.get("probabilities"), Floats.softmaxRows(djl, 10)))
                    .isLessThanOrEqualTo(1e-6f);
        }
    }

    @Test
    void mapsEveryLayerTypeToItsOnnxOperatorAndDropoutToNothing() throws InvalidProtocolBufferException {
        ModelSpec spec = TestModels.everyLayer();
        StateDict stateDict = TestModels.randomStateDict(ShapeInference.infer(spec), 1);

        ModelProto model = ModelProto.parseFrom(exporter.export(
                spec, stateDict, new OnnxExportMetadata("m", "1", List.of(), TestModels.normalization(spec))));

        assertThat(model.getGraph().getNodeList().stream().map(NodeProto::getOpType))
                .containsExactly(
                        "Sub",
                        "Div",
                        "Conv",
                        "BatchNormalization",
                        "Relu",
                        "MaxPool",
                        "Conv",
                        "Tanh",
                        "AveragePool",
                        "Reshape",
                        "BatchNormalization",
                        "Sigmoid",
                        "Flatten",
                        "Gemm",
                        "BatchNormalization",
                        "Relu",
                        "Softmax",
                        "Gemm",
                        "Softmax");
        assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(17);
        assertThat(model.getIrVersion()).isEqualTo(8);
        assertThat(model.getGraph().getInitializerList().stream().map(t -> t.getName()))
                .contains("0.weight", "0.bias", "1.running_mean", "1.running_var", "16.weight")
                .doesNotContain("1.num_batches_tracked", "16.bias");
    }

    @Test
    void recordsLabelsNormalisationNameVersionAndSpecAsMetadata() throws InvalidProtocolBufferException {
        ModelSpec spec = TestModels.mlp();
        InferredModel inferred = ShapeInference.infer(spec);
        List<String> labels = List.of(
                "T-shirt/top",
                "Trouser",
                "Pullover",
                "Dress",
                "Coat",
                "Sandal",
                "Shirt",
                "Sneaker",
                "Bag",
                "Ankle boot");
        byte[] onnx = exporter.export(
                spec,
                TestModels.randomStateDict(inferred, 2),
                new OnnxExportMetadata("fashion", "3", labels, TestModels.normalization(spec)));

        ModelProto model = ModelProto.parseFrom(onnx);
        Map<String, String> properties = model.getMetadataPropsList().stream()
                .collect(Collectors.toMap(
                        StringStringEntryProto::getKey,
                        StringStringEntryProto::getValue,
                        (a, b) -> a,
                        LinkedHashMap::new));

        assertThat(properties)
                .containsEntry(OnnxMetadataKeys.MODEL_NAME, "fashion")
                .containsEntry(OnnxMetadataKeys.MODEL_VERSION, "3")
                .containsEntry(OnnxMetadataKeys.NORMALIZATION, "{\"mean\":[0.286],\"std\":[0.353]}")
                .containsEntry(OnnxMetadataKeys.SPEC, ModelSpecJson.toJson(inferred.resolvedSpec()));
        assertThat(properties.get(OnnxMetadataKeys.LABELS)).startsWith("[\"T-shirt/top\",\"Trouser\"");
        assertThat(model.getModelVersion()).isEqualTo(3);
        assertThat(model.getProducerName()).isEqualTo("kiln");
        assertThat(model.getGraph().getInput(0).getName()).isEqualTo("input");
        assertThat(model.getGraph()
                        .getInput(0)
                        .getType()
                        .getTensorType()
                        .getShape()
                        .getDim(0)
                        .getDimParam())
                .isEqualTo("batch");
    }

    @Test
    void leavesNormalisationOutWhenThereIsNone() throws InvalidProtocolBufferException {
        ModelSpec spec = TestModels.mlp();
        byte[] onnx = exporter.export(
                spec,
                TestModels.randomStateDict(ShapeInference.infer(spec), 2),
                new OnnxExportMetadata("m", "1", List.of(), null));

        assertThat(ModelProto.parseFrom(onnx).getGraph().getNode(0).getOpType()).isEqualTo("Flatten");
    }

    @Test
    void refusesAStateDictThatDoesNotFitTheSpec() {
        ModelSpec spec = TestModels.mlp();
        Map<String, Tensor> tensors = new LinkedHashMap<>(
                TestModels.randomStateDict(ShapeInference.infer(spec), 2).tensors());
        tensors.remove("5.bias");
        tensors.put("1.weight", Tensor.ofFloats(new long[] {1}, 0));

        assertThatThrownBy(() -> exporter.export(
                        spec, new StateDict(tensors), new OnnxExportMetadata("m", "1", List.of(), null)))
                .isInstanceOf(StateDictMismatchException.class)
                .hasMessageContaining("1.weight has shape [1], the spec needs [512, 784]")
                .hasMessageContaining("missing 5.bias [10] (float32)");
    }

    @Test
    void refusesANormalisationWithTheWrongNumberOfChannels() {
        ModelSpec spec = TestModels.everyLayer();
        StateDict stateDict = TestModels.randomStateDict(ShapeInference.infer(spec), 2);
        InputNormalization twoChannels = new InputNormalization(List.of(0.5, 0.5), List.of(0.2, 0.2));

        assertThatThrownBy(() ->
                        exporter.export(spec, stateDict, new OnnxExportMetadata("m", "1", List.of(), twoChannels)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("normalization has 2 values but the input [3, 12, 12] has 3 channels");
    }

    private static int sampleSize(InferredModel model) {
        return model.inputShape().stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
    }
}
