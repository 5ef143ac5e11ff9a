package dev.kiln.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShapeInferenceTests {

    private static final String API_MD_EXAMPLE =
            """
            {
              "input": {"shape": [1, 28, 28]},
              "layers": [
                {"type": "Flatten"},
                {"type": "Linear", "out_features": 512},
                {"type": "ReLU"},
                {"type": "Linear", "out_features": 512},
                {"type": "ReLU"},
                {"type": "Linear", "out_features": 10}
              ]
            }
            """;

    @Test
    void infersTheApiExampleMlpLikePyTorch() {
        InferredModel model = ShapeInference.infer(ModelSpecJson.parse(API_MD_EXAMPLE));

        assertThat(model.inputShape()).containsExactly(1, 28, 28);
        assertThat(model.layers())
                .extracting(LayerShape::outputShape)
                .containsExactly(List.of(784), List.of(512), List.of(512), List.of(512), List.of(512), List.of(10));
        assertThat(model.outputShape()).containsExactly(10);
        // 784*512+512 + 512*512+512 + 512*10+10
        assertThat(model.parameterCount()).isEqualTo(669_706);
        assertThat(model.stateDictShapes())
                .containsOnlyKeys("1.weight", "1.bias", "3.weight", "3.bias", "5.weight", "5.bias");
        assertThat(model.stateDictShapes().get("1.weight").shape()).containsExactly(512, 784);
        assertThat(model.stateDictShapes().get("5.bias").shape()).containsExactly(10);
    }

    @Test
    void resolvedSpecMakesInferredFieldsAndDefaultsExplicit() {
        ModelSpec resolved =
                ShapeInference.infer(ModelSpecJson.parse(API_MD_EXAMPLE)).resolvedSpec();

        assertThat(resolved.layers())
                .containsExactly(
                        new Flatten(1, -1),
                        new Linear(784, 512, true),
                        new ReLU(),
                        new Linear(512, 512, true),
                        new ReLU(),
                        new Linear(512, 10, true));
        assertThat(resolved.input().shape()).containsExactly(1, 28, 28);
        // A resolved spec is a fixed point: inferring it again gives the same shapes.
        assertThat(ShapeInference.infer(resolved).resolvedSpec()).isEqualTo(resolved);
    }

    @Test
    void mlpTemplateOnColourImages() {
        InferredModel model = ShapeInference.infer(ModelTemplates.mlp(List.of(3, 32, 32), 10));

        assertThat(model.layers().get(1).inputShape()).containsExactly(3072);
        // 3072*512+512 + 512*512+512 + 512*10+10
        assertThat(model.parameterCount()).isEqualTo(1_841_162);
    }

    @Test
    void cnnTemplateOnFashionMnistShapes() {
        InferredModel model = ShapeInference.infer(ModelTemplates.cnn(List.of(1, 28, 28), 10));

        assertThat(model.layers())
                .extracting(LayerShape::outputShape)
                .containsExactly(
                        List.of(32, 28, 28), // Conv2d 3x3 padding 1
                        List.of(32, 28, 28), // BatchNorm2d
                        List.of(32, 28, 28), // ReLU
                        List.of(32, 14, 14), // MaxPool2d(2)
                        List.of(64, 14, 14),
                        List.of(64, 14, 14),
                        List.of(64, 14, 14),
                        List.of(64, 7, 7),
                        List.of(3136), // Flatten
                        List.of(3136), // Dropout
                        List.of(128),
                        List.of(128),
                        List.of(128),
                        List.of(10));
        // conv1 32*1*9+32=320, bn1 64, conv2 64*32*9+64=18496, bn2 128, fc1 3136*128+128=401536, fc2 128*10+10=1290
        assertThat(model.parameterCount()).isEqualTo(421_834);
        Map<String, TensorShape> state = model.stateDictShapes();
        assertThat(state.keySet())
                .containsExactly(
                        "0.weight",
                        "0.bias",
                        "1.weight",
                        "1.bias",
                        "1.running_mean",
                        "1.running_var",
                        "1.num_batches_tracked",
                        "4.weight",
                        "4.bias",
                        "5.weight",
                        "5.bias",
                        "5.running_mean",
                        "5.running_var",
                        "5.num_batches_tracked",
                        "10.weight",
                        "10.bias",
                        "13.weight",
                        "13.bias");
        assertThat(state.get("4.weight").shape()).containsExactly(64, 32, 3, 3);
        assertThat(state.get("10.weight").shape()).containsExactly(128, 3136);
        assertThat(state.get("5.num_batches_tracked"))
                .isEqualTo(new TensorShape("num_batches_tracked", List.of(), DType.INT64, false));
        assertThat(state.get("5.running_var"))
                .isEqualTo(new TensorShape("running_var", List.of(64), DType.FLOAT32, false));
        assertThat(state.get("5.weight").trainable()).isTrue();
    }

    @Test
    void cnnTemplateOnCifarShapes() {
        InferredModel model = ShapeInference.infer(ModelTemplates.cnn(List.of(3, 32, 32), 10));

        assertThat(model.layers().get(8).outputShape()).containsExactly(4096);
        // conv1 32*3*9+32=896, bn1 64, conv2 18496, bn2 128, fc1 4096*128+128=524416, fc2 1290
        assertThat(model.parameterCount()).isEqualTo(545_290);
        assertThat(model.stateDictShapes().get("0.weight").shape()).containsExactly(32, 3, 3, 3);
    }

    @Test
    void infersASpecUsingEveryLayerType() {
        ModelSpec spec = ModelSpec.of(
                List.of(3, 32, 32),
                new Conv2d(null, 16, List.of(3, 5), List.of(1, 2), List.of(1, 2), null),
                new BatchNorm2d(),
                new ReLU(),
                new MaxPool2d(2),
                new AvgPool2d(List.of(3), List.of(1), List.of(1)),
                new Flatten(),
                new Dropout(0.2),
                new Linear(null, 64, false),
                new BatchNorm1d(),
                new Tanh(),
                new Linear(64, 10, null),
                new Sigmoid(),
                new Softmax(-1));

        InferredModel model = ShapeInference.infer(spec);

        assertThat(model.layers())
                .extracting(LayerShape::outputShape)
                .containsExactly(
                        List.of(16, 32, 16), // H (32+2-3)/1+1, W (32+4-5)/2+1
                        List.of(16, 32, 16),
                        List.of(16, 32, 16),
                        List.of(16, 16, 8),
                        List.of(16, 16, 8), // 3x3 stride 1 padding 1 keeps the size
                        List.of(2048),
                        List.of(2048),
                        List.of(64),
                        List.of(64),
                        List.of(64),
                        List.of(10),
                        List.of(10),
                        List.of(10));
        // conv 16*3*3*5+16=736, bn2d 32, linear 2048*64 (no bias)=131072, bn1d 128, linear 64*10+10=650
        assertThat(model.parameterCount()).isEqualTo(132_618);
        assertThat(model.stateDictShapes().keySet())
                .containsExactly(
                        "0.weight",
                        "0.bias",
                        "1.weight",
                        "1.bias",
                        "1.running_mean",
                        "1.running_var",
                        "1.num_batches_tracked",
                        "7.weight",
                        "8.weight",
                        "8.bias",
                        "8.running_mean",
                        "8.running_var",
                        "8.num_batches_tracked",
                        "10.weight",
                        "10.bias");
        assertThat(model.stateDictShapes().get("0.weight").shape()).containsExactly(16, 3, 3, 5);
        assertThat(model.stateDictShapes().get("7.weight").shape()).containsExactly(64, 2048);

        List<Layer> resolved = model.resolvedSpec().layers();
        assertThat(resolved.get(0)).isEqualTo(new Conv2d(3, 16, List.of(3, 5), List.of(1, 2), List.of(1, 2), true));
        assertThat(resolved.get(1)).isEqualTo(new BatchNorm2d(16, 1e-5, 0.1));
        assertThat(resolved.get(3)).isEqualTo(new MaxPool2d(List.of(2, 2), List.of(2, 2), List.of(0, 0)));
        assertThat(resolved.get(4)).isEqualTo(new AvgPool2d(List.of(3, 3), List.of(1, 1), List.of(1, 1)));
        assertThat(resolved.get(6)).isEqualTo(new Dropout(0.2));
        assertThat(resolved.get(7)).isEqualTo(new Linear(2048, 64, false));
        assertThat(resolved.get(8)).isEqualTo(new BatchNorm1d(64, 1e-5, 0.1));
        assertThat(resolved.get(12)).isEqualTo(new Softmax(-1));
    }

    @Test
    void batchNorm1dAcceptsChannelsTimesLengthAndFlattenHonoursItsDims() {
        ModelSpec spec = ModelSpec.of(
                List.of(4, 6, 5), new Flatten(2, 3), new BatchNorm1d(4, null, null), new Flatten(), new Linear(3));

        InferredModel model = ShapeInference.infer(spec);

        assertThat(model.layers().get(0).outputShape()).containsExactly(4, 30);
        assertThat(model.layers().get(1).outputShape()).containsExactly(4, 30);
        assertThat(model.stateDictShapes().get("1.running_mean").shape()).containsExactly(4);
        assertThat(model.outputShape()).containsExactly(3);
        // bn 8 + linear 120*3+3
        assertThat(model.parameterCount()).isEqualTo(8 + 363);
    }

    @Test
    void stridedConvolutionsAndPoolsRoundDownLikeTorch() {
        ModelSpec spec = ModelSpec.of(
                List.of(1, 7, 9),
                new Conv2d(null, 2, List.of(3), List.of(2), null, null),
                new MaxPool2d(List.of(2), List.of(1), List.of(1)));

        InferredModel model = ShapeInference.infer(spec);

        // (7-3)/2+1 = 3, (9-3)/2+1 = 4; then (3+2-2)/1+1 = 4, (4+2-2)/1+1 = 5
        assertThat(model.layers().get(0).outputShape()).containsExactly(2, 3, 4);
        assertThat(model.outputShape()).containsExactly(2, 4, 5);
    }
}
