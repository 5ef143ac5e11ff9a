package dev.kiln.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTemplatesTests {
    private static final List<Integer> FASHION_MNIST = List.of(1, 28, 28);

    private static InvalidModelSpecException rejection(ModelSpec spec, List<Integer> shape, int classes) {
        return catchThrowableOfType(
                InvalidModelSpecException.class, () -> ModelTemplates.resolve(spec, "fashion-mnist", shape, classes));
    }

    @Test
    void mlpTemplateIsTheApiExample() {
        ModelSpec mlp = ModelTemplates.mlp(FASHION_MNIST, 10);

        assertThat(ModelSpecJson.toJson(mlp))
                .isEqualTo("{\"input\":{\"shape\":[1,28,28]},\"layers\":[{\"type\":\"Flatten\"},"
                        + "{\"type\":\"Linear\",\"out_features\":512},{\"type\":\"ReLU\"},"
                        + "{\"type\":\"Linear\",\"out_features\":512},{\"type\":\"ReLU\"},"
                        + "{\"type\":\"Linear\",\"out_features\":10}]}");
    }

    @Test
    void cnnTemplateListsItsLayersInOrder() {
        ModelSpec cnn = ModelTemplates.cnn(List.of(3, 32, 32), 10);

        assertThat(cnn.layers())
                .extracting(Layer::type)
                .containsExactly(
                        "Conv2d",
                        "BatchNorm2d",
                        "ReLU",
                        "MaxPool2d",
                        "Conv2d",
                        "BatchNorm2d",
                        "ReLU",
                        "MaxPool2d",
                        "Flatten",
                        "Dropout",
                        "Linear",
                        "ReLU",
                        "Dropout",
                        "Linear");
        assertThat(cnn.layers().get(9)).isEqualTo(new Dropout(0.25));
        assertThat(cnn.layers().get(12)).isEqualTo(new Dropout(0.5));
        assertThat(cnn.layers().get(4)).isEqualTo(new Conv2d(null, 64, List.of(3), null, List.of(1), null));
    }

    @Test
    void cnnTemplateRefusesFlatOrTinyInput() {
        InvalidModelSpecException flat =
                catchThrowableOfType(InvalidModelSpecException.class, () -> ModelTemplates.cnn(List.of(784), 10));
        assertThat(flat.getMessage())
                .isEqualTo("the cnn template needs an image input [C, H, W], got [784]; use the mlp template for other"
                        + " inputs");
        assertThat(flat.field()).isEqualTo("model.template");

        assertThat(catchThrowableOfType(InvalidModelSpecException.class, () -> ModelTemplates.cnn(List.of(1, 3, 8), 2))
                        .getMessage())
                .contains("at least 4x4");
    }

    @Test
    void resolveExpandsATemplateForTheDataSet() {
        ModelSpec resolved = ModelTemplates.resolve(ModelSpecJson.parse("{\"template\": \"cnn\"}"), FASHION_MNIST, 10);

        assertThat(resolved).isEqualTo(ModelTemplates.cnn(FASHION_MNIST, 10));
        assertThat(resolved.usesTemplate()).isFalse();
        assertThat(ShapeInference.infer(resolved).parameterCount()).isEqualTo(421_834);
    }

    @Test
    void resolveFillsAMissingInputShapeFromTheDataSet() {
        ModelSpec spec = ModelSpecJson.parse(
                "{\"layers\": [{\"type\": \"Flatten\"}, {\"type\": \"Linear\", \"out_features\": 10}]}");

        ModelSpec resolved = ModelTemplates.resolve(spec, FASHION_MNIST, 10);

        assertThat(resolved.input()).isEqualTo(InputSpec.of(1, 28, 28));
        assertThat(resolved.layers()).isEqualTo(spec.layers());
    }

    @Test
    void resolveKeepsAMatchingInputShape() {
        ModelSpec spec = ModelTemplates.mlp(FASHION_MNIST, 10);

        assertThat(ModelTemplates.resolve(spec, FASHION_MNIST, 10)).isEqualTo(spec);
    }

    @Test
    void resolveRefusesAnInputShapeThatIsNotTheDataSets() {
        InvalidModelSpecException e = rejection(ModelTemplates.mlp(List.of(784), 10), FASHION_MNIST, 10);

        assertThat(e.getMessage())
                .isEqualTo("model.input.shape [784] does not match the samples of data set 'fashion-mnist', [1, 28,"
                        + " 28]; leave the input out to take it from the data set");
        assertThat(e.field()).isEqualTo("model.input.shape");
    }

    @Test
    void resolveRefusesUnknownTemplateListingTheKnownOnes() {
        InvalidModelSpecException e = rejection(ModelSpec.ofTemplate("resnet"), FASHION_MNIST, 10);

        assertThat(e.getMessage()).isEqualTo("unknown model template 'resnet'; supported templates: \"mlp\", \"cnn\"");
        assertThat(e.field()).isEqualTo("model.template");
    }

    @Test
    void resolveRefusesTemplateTogetherWithLayers() {
        ModelSpec both = new ModelSpec(null, List.of(new Flatten(), new Linear(10)), "mlp");

        assertThat(rejection(both, FASHION_MNIST, 10).getMessage())
                .isEqualTo("model gives both a template and layers; give one of them");
    }

    @Test
    void resolveRefusesAnOutputThatIsNotOneScorePerClass() {
        ModelSpec twelve = ModelSpec.of((InputSpec) null, List.of(new Flatten(), new Linear(12)));
        InvalidModelSpecException wrongCount = rejection(twelve, FASHION_MNIST, 10);
        assertThat(wrongCount.getMessage())
                .isEqualTo("the last layer gives 12 outputs but data set 'fashion-mnist' has 10 classes");
        assertThat(wrongCount.field()).isEqualTo("model.layers[1].out_features");
        assertThat(wrongCount.layerIndex()).isEqualTo(1);

        ModelSpec image = ModelSpec.of((InputSpec) null, List.of(new Conv2d(10, 3, 1)));
        InvalidModelSpecException notFlat = rejection(image, FASHION_MNIST, 10);
        assertThat(notFlat.getMessage())
                .isEqualTo("the last layer, layer 0 (Conv2d), gives [10, 28, 28] per sample but data set"
                        + " 'fashion-mnist' needs [10] (one score per class); end with a Flatten and a Linear with"
                        + " out_features 10");

        InvalidModelSpecException unnamed = catchThrowableOfType(
                InvalidModelSpecException.class, () -> ModelTemplates.resolve(twelve, FASHION_MNIST, 10));
        assertThat(unnamed.getMessage()).isEqualTo("the last layer gives 12 outputs but the data set has 10 classes");
    }

    @Test
    void resolvePassesShapeErrorsThrough() {
        ModelSpec spec = ModelSpec.of((InputSpec) null, List.of(new Linear(10)));

        assertThat(rejection(spec, FASHION_MNIST, 10).getMessage()).contains("add a Flatten");
    }

    @Test
    void templatesRefuseNonPositiveClassCounts() {
        assertThatThrownBy(() -> ModelTemplates.mlp(FASHION_MNIST, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("number of classes must be at least 1, got 0");
    }
}
