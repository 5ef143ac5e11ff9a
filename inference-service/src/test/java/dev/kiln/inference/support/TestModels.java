package dev.kiln.inference.support;

import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.contracts.spec.ModelSpec;
import dev.kiln.contracts.spec.ModelTemplates;
import dev.kiln.contracts.spec.ShapeInference;
import dev.kiln.contracts.spec.TensorShape;
import dev.kiln.formats.StateDict;
import dev.kiln.formats.Tensor;
import dev.kiln.formats.onnx.InputNormalization;
import dev.kiln.formats.onnx.OnnxExportMetadata;
import dev.kiln.formats.onnx.OnnxExporter;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Models as Kiln's training exports them: the Fashion-MNIST MLP template with random weights (a seed per version, so
 * versions answer differently), written by {@link OnnxExporter} with the data set's normalisation and labels.
 */
public final class TestModels {
    public static final List<String> LABELS = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final int PIXELS = 28 * 28;

    private TestModels() {}

    /** The exported ONNX bytes of the MLP for a model name and version. */
    public static byte[] mlp(String name, int version, long seed) {
        ModelSpec spec = ModelTemplates.mlp(List.of(1, 28, 28), 10);
        return new OnnxExporter("test")
                .export(
                        spec,
                        mlpWeights(seed),
                        new OnnxExportMetadata(
                                name,
                                String.valueOf(version),
                                LABELS,
                                new InputNormalization(List.of(0.2860), List.of(0.3530))));
    }

    /** The MLP's weights for a seed: what {@link #mlp} exports (also as a PyTorch state dict, for the benchmark). */
    public static StateDict mlpWeights(long seed) {
        return randomStateDict(ShapeInference.infer(ModelTemplates.mlp(List.of(1, 28, 28), 10)), seed);
    }

    /** Weights like torch's default initialisation, scaled up so the classes are told apart clearly. */
    private static StateDict randomStateDict(InferredModel model, long seed) {
        Random random = new Random(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, TensorShape> entry : model.stateDictShapes().entrySet()) {
            TensorShape shape = entry.getValue();
            long[] dims = shape.shape().stream().mapToLong(Integer::longValue).toArray();
            float[] values = new float[(int) shape.numel()];
            double bound = 3 / Math.sqrt(dims.length > 1 ? dims[1] : dims[0]);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
            tensors.put(entry.getKey(), Tensor.ofFloats(dims, values));
        }
        return new StateDict(tensors);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code count} samples of pixel / 255 values, deterministic per seed. */
    public static float[] randomSamples(int count, long seed) {
        Random random = new Random(seed);
        float[] data = new float[count * PIXELS];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextInt(256) / 255f;
        }
        return data;
    }
}
