package dev.kiln.formats;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.contracts.spec.ModelSpec;
import dev.kiln.contracts.spec.ModelSpecJson;
import dev.kiln.contracts.spec.ShapeInference;
import dev.kiln.formats.djl.DjlNetworkBuilder;
import dev.kiln.formats.djl.DjlStateDicts;
import dev.kiln.formats.onnx.InputNormalization;
import dev.kiln.formats.onnx.OnnxExportMetadata;
import dev.kiln.formats.onnx.OnnxExporter;
import dev.kiln.formats.torch.TorchStateDictReader;
import dev.kiln.formats.torch.TorchStateDictWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kiln's state dicts and ONNX models against PyTorch itself (Debian's python3-torch 1.13 and python3-onnx): the same
 * network gives the same outputs in PyTorch, DJL and ONNX Runtime, both ways.
 */
class PyTorchInteropTests {
    private static final int BATCH = 5;
    private static final float TOLERANCE = 1e-5f;

    static Stream<Arguments> specs() {
        return Stream.of(
                Arguments.of("mlp", TestModels.mlp()),
                Arguments.of("cnn", TestModels.cnn()),
                Arguments.of("every layer", TestModels.everyLayer()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void pytorchLoadsKilnStateDictStrictlyAndAllThreeRuntimesAgree(String name, ModelSpec spec, @TempDir Path dir)
            throws IOException {
        InferredModel model = ShapeInference.infer(spec);
        InputNormalization normalization = TestModels.normalization(spec);
        float[] x = Floats.uniform(new Random(11), BATCH * sampleSize(model), 0, 1);
        float[] xNormalised = Floats.normalise(x, BATCH, normalization.mean(), normalization.std());

        StateDict trained;
        float[] djl;
        try (NDManager manager = NDManager.newBaseManager(Djl.ENGINE)) {
            SequentialBlock network = Djl.network(manager, model, TestModels.randomStateDict(model, 3), BATCH);
            // One forward in training mode moves BatchNorm's running statistics as DJL trains them.
            Djl.forward(manager, network, model, Floats.uniform(new Random(5), x.length, -1, 2), BATCH, true);
            trained = DjlStateDicts.fromNetwork(network, model, 1);
            djl = Djl.forward(manager, network, model, xNormalised, BATCH, false);
        }
        byte[] onnx = new OnnxExporter("test")
                .export(spec, trained, new OnnxExportMetadata(name, "1", labels(model), normalization));

        Path stateDictFile = dir.resolve("state_dict.pt");
        Files.write(stateDictFile, new TorchStateDictWriter().toBytes(trained));
        Files.write(dir.resolve("model.onnx"), onnx);
        Files.writeString(dir.resolve("spec.json"), ModelSpecJson.toJson(model.resolvedSpec()));
        Files.writeString(
                dir.resolve("normalization.json"),
                "{\"mean\": " + normalization.mean() + ", \"std\": " + normalization.std() + "}");
        Floats.write(dir.resolve("inputs.bin"), x);

        String loaded = PythonRunner.run(
                "run-state-dict",
                "--spec",
                dir.resolve("spec.json").toString(),
                "--state-dict",
                stateDictFile.toString(),
                "--inputs",
                dir.resolve("inputs.bin").toString(),
                "--batch",
                Integer.toString(BATCH),
                "--outputs",
                dir.resolve("torch.bin").toString(),
                "--normalization",
                dir.resolve("normalization.json").toString());
        String checked = PythonRunner.run(
                "check-onnx", "--model", dir.resolve("model.onnx").toString());
        float[] torch = Floats.read(dir.resolve("torch.bin"));
        Map<String, float[]> ort = OnnxRuntime.run(
                onnx, x, DjlNetworkBuilder.inputShape(model, BATCH).getShape());

        assertThat(loaded).contains(String.join("\", \"", trained.keys()));
        assertThat(checked).contains("\"opset\": [17]").contains("\"outputs\": [\"logits\", \"probabilities\"]");
        assertThat(torch).hasSize(BATCH * 10);
        assertThat(spread(torch))
                .as("outputs differ between samples and classes")
                .isGreaterThan(1e-3f);
        assertThat(Floats.maxAbsDifference(torch, djl)).isLessThanOrEqualTo(TOLERANCE);
        assertThat(Floats.maxAbsDifference(torch, ort.get("logits"))).isLessThanOrEqualTo(TOLERANCE);
        assertThat(Floats.maxAbsDifference(Floats.softmaxRows(torch, 10), ort.get("probabilities")))
                .isLessThanOrEqualTo(TOLERANCE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void stateDictSavedByTorchGivesTorchsOutputsInDjl(String name, ModelSpec spec, @TempDir Path dir)
            throws IOException {
        InferredModel model = ShapeInference.infer(spec);
        float[] x = Floats.uniform(new Random(17), BATCH * sampleSize(model), -1, 1);
        Files.writeString(dir.resolve("spec.json"), ModelSpecJson.toJson(model.resolvedSpec()));
        Floats.write(dir.resolve("inputs.bin"), x);

        PythonRunner.run(
                "save-state-dict",
                "--spec",
                dir.resolve("spec.json").toString(),
                "--seed",
                "23",
                "--out",
                dir.resolve("saved_by_torch.pt").toString(),
                "--inputs",
                dir.resolve("inputs.bin").toString(),
                "--batch",
                Integer.toString(BATCH),
                "--outputs",
                dir.resolve("torch.bin").toString());
        StateDict stateDict = new TorchStateDictReader().read(dir.resolve("saved_by_torch.pt"));

        float[] djl;
        try (NDManager manager = NDManager.newBaseManager(Djl.ENGINE)) {
            SequentialBlock network = Djl.network(manager, model, stateDict, BATCH);
            djl = Djl.forward(manager, network, model, x, BATCH, false);
        }
        assertThat(stateDict.keys())
                .containsExactlyElementsOf(model.stateDictShapes().keySet());
        assertThat(Floats.maxAbsDifference(Floats.read(dir.resolve("torch.bin")), djl))
                .isLessThanOrEqualTo(TOLERANCE);
    }

    private static float spread(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float value : values) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        return max - min;
    }

    private static int sampleSize(InferredModel model) {
        return model.inputShape().stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
    }

    private static List<String> labels(InferredModel model) {
        return IntStream.range(0, model.outputShape().get(0))
                .mapToObj(i -> "class " + i)
                .toList();
    }
}
