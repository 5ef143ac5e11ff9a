package dev.kiln.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSpecJsonTests {

    private static Layer layer(String json) {
        ModelSpec spec = ModelSpecJson.parse("{\"layers\": [" + json + "]}");
        return spec.layers().get(0);
    }

    private static InvalidModelSpecException rejection(String json) {
        return catchThrowableOfType(InvalidModelSpecException.class, () -> ModelSpecJson.parse(json));
    }

    @Test
    void parsesEveryLayerType() {
        assertThat(layer("{\"type\": \"Flatten\"}")).isEqualTo(new Flatten(null, null));
        assertThat(layer("{\"type\": \"Flatten\", \"start_dim\": 2, \"end_dim\": 3}"))
                .isEqualTo(new Flatten(2, 3));
        assertThat(layer("{\"type\": \"Linear\", \"out_features\": 512}")).isEqualTo(new Linear(null, 512, null));
        assertThat(layer("{\"type\": \"Linear\", \"in_features\": 784, \"out_features\": 10, \"bias\": false}"))
                .isEqualTo(new Linear(784, 10, false));
        assertThat(layer("{\"type\": \"ReLU\"}")).isEqualTo(new ReLU());
        assertThat(layer("{\"type\": \"Sigmoid\"}")).isEqualTo(new Sigmoid());
        assertThat(layer("{\"type\": \"Tanh\"}")).isEqualTo(new Tanh());
        assertThat(layer("{\"type\": \"Softmax\"}")).isEqualTo(new Softmax(null));
        assertThat(layer("{\"type\": \"Softmax\", \"dim\": -1}")).isEqualTo(new Softmax(-1));
        assertThat(layer("{\"type\": \"Dropout\"}")).isEqualTo(new Dropout((Double) null));
        assertThat(layer("{\"type\": \"Dropout\", \"p\": 0.25}")).isEqualTo(new Dropout(0.25));
        assertThat(layer("{\"type\": \"Conv2d\", \"out_channels\": 32, \"kernel_size\": 3, \"padding\": 1}"))
                .isEqualTo(new Conv2d(null, 32, List.of(3), null, List.of(1), null));
        assertThat(layer("{\"type\": \"Conv2d\", \"in_channels\": 3, \"out_channels\": 8, \"kernel_size\": [3, 5],"
                        + " \"stride\": [1, 2], \"padding\": [0, 1], \"bias\": false}"))
                .isEqualTo(new Conv2d(3, 8, List.of(3, 5), List.of(1, 2), List.of(0, 1), false));
        assertThat(layer("{\"type\": \"MaxPool2d\", \"kernel_size\": 2}"))
                .isEqualTo(new MaxPool2d(List.of(2), null, null));
        assertThat(layer("{\"type\": \"MaxPool2d\", \"kernel_size\": [3, 2], \"stride\": 1, \"padding\": [1, 0]}"))
                .isEqualTo(new MaxPool2d(List.of(3, 2), List.of(1), List.of(1, 0)));
        assertThat(layer("{\"type\": \"AvgPool2d\", \"kernel_size\": [2, 2], \"stride\": [2, 1]}"))
                .isEqualTo(new AvgPool2d(List.of(2, 2), List.of(2, 1), null));
        assertThat(layer("{\"type\": \"BatchNorm1d\"}")).isEqualTo(new BatchNorm1d(null, null, null));
        assertThat(layer("{\"type\": \"BatchNorm2d\", \"num_features\": 32, \"eps\": 0.001, \"momentum\": 0.01}"))
                .isEqualTo(new BatchNorm2d(32, 0.001, 0.01));
    }

    @Test
    void pairAccessorsReadIntAndPairFormsLikeTorch() {
        Conv2d conv =
                (Conv2d) layer("{\"type\": \"Conv2d\", \"out_channels\": 4, \"kernel_size\": [3, 5], \"padding\": 2}");
        assertThat(List.of(
                        conv.kernelH(),
                        conv.kernelW(),
                        conv.strideH(),
                        conv.strideW(),
                        conv.paddingH(),
                        conv.paddingW()))
                .containsExactly(3, 5, 1, 1, 2, 2);
        MaxPool2d pool = (MaxPool2d) layer("{\"type\": \"MaxPool2d\", \"kernel_size\": [3, 2]}");
        assertThat(List.of(pool.strideH(), pool.strideW(), pool.paddingH())).containsExactly(3, 2, 0);
    }

    @Test
    void writesSnakeCaseWithTypeFirstAndLeavesAbsentFieldsOut() {
        ModelSpec spec = ModelSpec.of(
                List.of(1, 28, 28),
                new Conv2d(null, 32, List.of(3), null, List.of(1), null),
                new MaxPool2d(List.of(2, 3), null, null),
                new Flatten(),
                new Linear(10));

        assertThat(ModelSpecJson.toJson(spec))
                .isEqualTo("{\"input\":{\"shape\":[1,28,28]},\"layers\":["
                        + "{\"type\":\"Conv2d\",\"out_channels\":32,\"kernel_size\":3,\"padding\":1},"
                        + "{\"type\":\"MaxPool2d\",\"kernel_size\":[2,3]},"
                        + "{\"type\":\"Flatten\"},"
                        + "{\"type\":\"Linear\",\"out_features\":10}]}");
        assertThat(ModelSpecJson.toJson(ModelSpec.ofTemplate("cnn"))).isEqualTo("{\"template\":\"cnn\"}");
    }

    @Test
    void everyLayerTypeRoundTrips() {
        ModelSpec spec = ModelSpec.of(
                List.of(3, 32, 32),
                new Conv2d(3, 16, List.of(3, 5), List.of(1, 2), List.of(1, 2), false),
                new Conv2d(null, 16, List.of(3), List.of(1), List.of(1), null),
                new BatchNorm2d(16, 1e-3, 0.2),
                new ReLU(),
                new MaxPool2d(2),
                new AvgPool2d(List.of(3), List.of(1), List.of(1)),
                new Flatten(1, -1),
                new Dropout(0.2),
                new Linear(2048, 64, false),
                new BatchNorm1d(),
                new Tanh(),
                new Linear(10),
                new Sigmoid(),
                new Softmax(1));

        String json = ModelSpecJson.toJson(spec);

        assertThat(ModelSpecJson.parse(json)).isEqualTo(spec);
        assertThat(ModelSpecJson.toJson(ModelSpecJson.parse(json))).isEqualTo(json);
        ModelSpec resolved = ShapeInference.infer(spec).resolvedSpec();
        assertThat(ModelSpecJson.parse(ModelSpecJson.toJson(resolved))).isEqualTo(resolved);
    }

    @Test
    void parsesTemplateWithoutInput() {
        ModelSpec spec = ModelSpecJson.parse("{\"template\": \"mlp\"}");

        assertThat(spec).isEqualTo(ModelSpec.ofTemplate("mlp"));
        assertThat(spec.usesTemplate()).isTrue();
    }

    @Test
    void rejectsUnknownLayerTypeListingTheSupportedOnes() {
        InvalidModelSpecException e = rejection(
                "{\"layers\": [{\"type\": \"Flatten\"}, {\"type\": \"Linear\", \"out_features\": 5}, {\"type\": \"Relu\"}]}");

        assertThat(e.getMessage())
                .isEqualTo("layer 2 has unknown type 'Relu' (did you mean 'ReLU'?); supported types: Flatten, Linear,"
                        + " ReLU, Sigmoid, Tanh, Softmax, Dropout, Conv2d, MaxPool2d, AvgPool2d, BatchNorm1d,"
                        + " BatchNorm2d");
        assertThat(e.field()).isEqualTo("model.layers[2].type");
        assertThat(e.layerIndex()).isEqualTo(2);
    }

    @Test
    void rejectsLayerWithoutType() {
        InvalidModelSpecException e = rejection("{\"layers\": [{\"out_features\": 5}]}");

        assertThat(e.getMessage()).startsWith("layer 0 has no \"type\"; supported types: Flatten, Linear");
        assertThat(e.field()).isEqualTo("model.layers[0].type");
    }

    @Test
    void rejectsUnknownLayerPropertyNamingIt() {
        InvalidModelSpecException e =
                rejection("{\"layers\": [{\"type\": \"Flatten\"}, {\"type\": \"Linear\", \"out_feature\": 10}]}");

        assertThat(e.getMessage())
                .isEqualTo("layer 1 (Linear) has no property 'out_feature'; its properties are in_features,"
                        + " out_features, bias");
        assertThat(e.field()).isEqualTo("model.layers[1].out_feature");
        assertThat(e.layerIndex()).isEqualTo(1);
    }

    @Test
    void rejectsPropertiesOnLayersThatHaveNone() {
        InvalidModelSpecException e = rejection("{\"layers\": [{\"type\": \"ReLU\", \"inplace\": true}]}");

        assertThat(e.getMessage()).isEqualTo("layer 0 (ReLU) has no property 'inplace'; it has none");
        assertThat(e.field()).isEqualTo("model.layers[0].inplace");
    }

    @Test
    void rejectsDuplicateProperties() {
        InvalidModelSpecException e =
                rejection("{\"layers\": [{\"type\": \"Linear\", \"out_features\": 5, \"out_features\": 6}]}");

        assertThat(e.getMessage()).startsWith("model spec has the property 'out_features' twice in one object");
    }

    @Test
    void rejectsUnknownTopLevelProperty() {
        InvalidModelSpecException e = rejection("{\"inputs\": {\"shape\": [784]}, \"layers\": []}");

        assertThat(e.getMessage())
                .isEqualTo("model has no property 'inputs'; its properties are template, input, layers");
        assertThat(e.field()).isEqualTo("model.inputs");
    }

    @Test
    void rejectsMissingRequiredLayerParameter() {
        InvalidModelSpecException e = rejection("{\"layers\": [{\"type\": \"Conv2d\", \"out_channels\": 8}]}");

        assertThat(e.getMessage()).isEqualTo("layer 0 (Conv2d) needs kernel_size");
        assertThat(e.field()).isEqualTo("model.layers[0].kernel_size");
    }

    @Test
    void rejectsWrongValueTypes() {
        InvalidModelSpecException text = rejection("{\"layers\": [{\"type\": \"Linear\", \"out_features\": \"512\"}]}");
        assertThat(text.getMessage()).isEqualTo("layer 0 (Linear) out_features must be an integer");
        assertThat(text.field()).isEqualTo("model.layers[0].out_features");

        InvalidModelSpecException fraction = rejection("{\"layers\": [{\"type\": \"Linear\", \"out_features\": 5.5}]}");
        assertThat(fraction.getMessage()).isEqualTo("layer 0 (Linear) out_features must be an integer");

        InvalidModelSpecException pair =
                rejection("{\"layers\": [{\"type\": \"MaxPool2d\", \"kernel_size\": \"2x2\"}]}");
        assertThat(pair.getMessage())
                .isEqualTo("layer 0 (MaxPool2d) kernel_size must be an int or a [h, w] pair of ints");
        assertThat(pair.field()).isEqualTo("model.layers[0].kernel_size");

        assertThat(rejection("{\"template\": 3}").getMessage()).isEqualTo("model.template must be a string");

        InvalidModelSpecException nullInt = rejection("{\"layers\": [{\"type\": \"Linear\", \"out_features\": null}]}");
        assertThat(nullInt.getMessage()).isEqualTo("layer 0 (Linear) out_features must not be null");

        InvalidModelSpecException shape = rejection("{\"input\": {\"shape\": \"1x28x28\"}, \"layers\": []}");
        assertThat(shape.getMessage()).isEqualTo("model.input.shape must be a list");
        assertThat(shape.field()).isEqualTo("model.input.shape");
    }

    @Test
    void rejectsMalformedJsonWithItsPosition() {
        InvalidModelSpecException e = rejection("{\"layers\": [{\"type\": \"ReLU\"},]}");

        assertThat(e.getMessage()).startsWith("model spec is not valid JSON (line 1, column ");
        assertThat(e.field()).startsWith("model");
    }

    @Test
    void rejectsNonObjectsAndEmptyInput() {
        assertThat(rejection("[1, 2]").getMessage()).startsWith("model must be a JSON object");
        assertThat(rejection("").getMessage()).startsWith("model spec is empty");
        assertThat(rejection("null").field()).isEqualTo("model");
        assertThat(rejection("{\"layers\": [{\"type\": \"ReLU\"}]} trailing").getMessage())
                .startsWith("model spec is not valid JSON");
    }
}
