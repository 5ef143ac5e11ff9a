package dev.kiln.formats;

import dev.kiln.contracts.spec.AvgPool2d;
import dev.kiln.contracts.spec.BatchNorm1d;
import dev.kiln.contracts.spec.BatchNorm2d;
import dev.kiln.contracts.spec.Conv2d;
import dev.kiln.contracts.spec.DType;
import dev.kiln.contracts.spec.Dropout;
import dev.kiln.contracts.spec.Flatten;
import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.contracts.spec.Linear;
import dev.kiln.contracts.spec.MaxPool2d;
import dev.kiln.contracts.spec.ModelSpec;
import dev.kiln.contracts.spec.ModelTemplates;
import dev.kiln.contracts.spec.ReLU;
import dev.kiln.contracts.spec.Sigmoid;
import dev.kiln.contracts.spec.Softmax;
import dev.kiln.contracts.spec.Tanh;
import dev.kiln.contracts.spec.TensorShape;
import dev.kiln.formats.onnx.InputNormalization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The specs the format tests run: the two templates and one spec that uses every layer type. */
public final class TestModels {
    private TestModels() {}

    public static ModelSpec mlp() {
        return ModelTemplates.mlp(List.of(1, 28, 28), 10);
    }

    public static ModelSpec cnn() {
        return ModelTemplates.cnn(List.of(1, 28, 28), 10);
    }

    /** Every layer type, with non-default strides, paddings, eps/momentum, a partial Flatten and a bias-free Linear. */
    public static ModelSpec everyLayer() {
        return ModelSpec.of(
                List.of(3, 12, 12),
                new Conv2d(null, 4, List.of(3), null, List.of(1), null),
                new BatchNorm2d(null, 1e-3, 0.2),
                new ReLU(),
                new MaxPool2d(List.of(2), null, null),
                new Conv2d(4, 6, List.of(3, 2), List.of(1, 2), List.of(1, 0), true),
                new Tanh(),
                new AvgPool2d(List.of(3), List.of(1), List.of(1)),
                new Flatten(2, 3),
                new BatchNorm1d(),
                new Sigmoid(),
                new Flatten(),
                new Dropout(0.3),
                new Linear(null, 20, true),
                new BatchNorm1d(20, null, null),
                new ReLU(),
                new Softmax(-1),
                new Linear(null, 10, false));
    }

    public static InputNormalization normalization(ModelSpec spec) {
        return spec.input().shape().get(0) == 3
                ? new InputNormalization(List.of(0.4, 0.5, 0.6), List.of(0.2, 0.25, 0.3))
                : new InputNormalization(List.of(0.2860), List.of(0.3530));
    }

    /** Tensors for every key of the model, scaled like torch's default initialisation; BatchNorm stats non-trivial. */
    public static StateDict randomStateDict(InferredModel model, long seed) {
        Random random = new Random(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, TensorShape> entry : model.stateDictShapes().entrySet()) {
            TensorShape shape = entry.getValue();
            long[] dims = shape.shape().stream().mapToLong(Integer::longValue).toArray();
            int count = (int) Tensor.numel(dims);
            if (shape.dtype() == DType.INT64) {
                tensors.put(entry.getKey(), Tensor.scalar(random.nextInt(100)));
                continue;
            }
            float[] values =
                    switch (shape.name()) {
                        case "running_mean" -> Floats.uniform(random, count, -0.5f, 0.5f);
                        case "running_var" -> Floats.uniform(random, count, 0.5f, 2f);
                        default -> {
                            boolean batchNorm = isBatchNorm(model, entry.getKey());
                            if (batchNorm && shape.name().equals("weight")) {
                                yield Floats.uniform(random, count, 0.5f, 1.5f);
                            }
                            float bound = (float) (1 / Math.sqrt(Math.max(1, fanIn(model, entry.getKey()))));
                            yield Floats.uniform(random, count, -bound, bound);
                        }
                    };
            tensors.put(entry.getKey(), Tensor.ofFloats(dims, values));
        }
        return new StateDict(tensors);
    }

    private static boolean isBatchNorm(InferredModel model, String key) {
        String type = model.layers().get(layerIndex(key)).layer().type();
        return type.startsWith("BatchNorm");
    }

    private static long fanIn(InferredModel model, String key) {
        TensorShape weight = model.stateDictShapes().get(layerIndex(key) + ".weight");
        if (weight == null || weight.shape().size() < 2) {
            return 1;
        }
        return weight.numel() / weight.shape().get(0);
    }

    private static int layerIndex(String key) {
        return Integer.parseInt(key.substring(0, key.indexOf('.')));
    }
}
