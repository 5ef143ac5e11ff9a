package dev.kiln.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeInferenceRejectionTests {

    private static InvalidModelSpecException rejection(ModelSpec spec) {
        return catchThrowableOfType(InvalidModelSpecException.class, () -> ShapeInference.infer(spec));
    }

    private static InvalidModelSpecException rejection(List<Integer> input, Layer... layers) {
        return rejection(ModelSpec.of(input, layers));
    }

    @Test
    void rejectsSpecWithoutInputShape() {
        InvalidModelSpecException e = rejection(ModelSpec.of((InputSpec) null, List.of(new ReLU())));

        assertThat(e.field()).isEqualTo("model.input.shape");
        assertThat(e.layerIndex()).isNull();
        assertThat(e.getMessage()).contains("model.input.shape is required").contains("[1, 28, 28]");
    }

    @Test
    void rejectsInputShapeWithNonPositiveDimension() {
        InvalidModelSpecException e = rejection(List.of(1, 0, 28), new Flatten());

        assertThat(e.field()).isEqualTo("model.input.shape[1]");
        assertThat(e.getMessage())
                .isEqualTo(
                        "model.input.shape [1, 0, 28] has dimension 1 = 0; every dimension must be a positive integer");
    }

    @Test
    void rejectsSpecWithoutLayers() {
        InvalidModelSpecException e = rejection(ModelSpec.of(InputSpec.of(784), List.of()));

        assertThat(e.field()).isEqualTo("model.layers");
        assertThat(e.getMessage()).contains("at least one layer");
    }

    @Test
    void rejectsSpecWhoseLinearLayerDoesNotFit() {
        InvalidModelSpecException e =
                rejection(List.of(1, 28, 28), new Flatten(), new Linear(512), new ReLU(), new Linear(784, 10, null));

        assertThat(e.getMessage()).startsWith("layer 3 (Linear) expects 784 input features, got 512");
        assertThat(e.field()).isEqualTo("model.layers[3].in_features");
        assertThat(e.layerIndex()).isEqualTo(3);
    }

    @Test
    void rejectsLinearOnImageAndSuggestsFlatten() {
        InvalidModelSpecException e = rejection(List.of(1, 28, 28), new Linear(10));

        assertThat(e.getMessage())
                .isEqualTo(
                        "layer 0 (Linear) needs a 1-D input per sample but gets [1, 28, 28]; add a Flatten before it");
        assertThat(e.layerIndex()).isZero();
    }

    @Test
    void rejectsConvolutionOnFlatInput() {
        InvalidModelSpecException e = rejection(List.of(784), new Conv2d(8, 3, 0));

        assertThat(e.getMessage()).startsWith("layer 0 (Conv2d) needs an image input [C, H, W] per sample, got [784]");
        assertThat(e.field()).isEqualTo("model.layers[0]");
    }

    @Test
    void rejectsConvolutionWhoseInChannelsDoNotMatch() {
        InvalidModelSpecException e = rejection(List.of(1, 28, 28), new Conv2d(3, 8, List.of(3), null, null, null));

        assertThat(e.getMessage()).startsWith("layer 0 (Conv2d) expects 3 input channels, got 1");
        assertThat(e.field()).isEqualTo("model.layers[0].in_channels");
    }

    @Test
    void rejectsKernelBiggerThanPaddedInput() {
        InvalidModelSpecException e =
                rejection(List.of(1, 12, 12), new Conv2d(4, 3, 0), new MaxPool2d(3), new Conv2d(8, 5, 0));

        assertThat(e.getMessage()).isEqualTo("layer 2 (Conv2d) kernel 5x5 does not fit input 3x3 with padding 0");
        assertThat(e.field()).isEqualTo("model.layers[2].kernel_size");
        assertThat(e.layerIndex()).isEqualTo(2);
    }

    @Test
    void rejectsNonPositiveSizes() {
        assertThat(rejection(List.of(784), new Linear(0)).getMessage())
                .isEqualTo("layer 0 (Linear) out_features must be a positive integer, got 0");
        assertThat(rejection(List.of(1, 8, 8), new Conv2d(-2, 3, 0)).field()).isEqualTo("model.layers[0].out_channels");
        assertThat(rejection(List.of(1, 8, 8), new Conv2d(2, 0, 0)).getMessage())
                .isEqualTo("layer 0 (Conv2d) kernel_size must be positive, got [0]");
        InvalidModelSpecException stride = rejection(List.of(1, 8, 8), new MaxPool2d(List.of(2), List.of(0, 1), null));
        assertThat(stride.getMessage()).isEqualTo("layer 0 (MaxPool2d) stride must be positive, got [0, 1]");
        assertThat(stride.field()).isEqualTo("model.layers[0].stride");
    }

    @Test
    void rejectsNegativePadding() {
        InvalidModelSpecException e = rejection(List.of(1, 8, 8), new Conv2d(2, 3, -1));

        assertThat(e.getMessage()).isEqualTo("layer 0 (Conv2d) padding must not be negative, got [-1]");
        assertThat(e.field()).isEqualTo("model.layers[0].padding");
    }

    @Test
    void rejectsPoolPaddingAboveHalfTheKernel() {
        InvalidModelSpecException e =
                rejection(List.of(3, 8, 8), new ReLU(), new AvgPool2d(List.of(3), null, List.of(2)));

        assertThat(e.getMessage())
                .isEqualTo("layer 1 (AvgPool2d) padding 2 must be at most half the kernel size 3 (torch requires"
                        + " padding <= kernel_size / 2)");
        assertThat(e.field()).isEqualTo("model.layers[1].padding");
    }

    @Test
    void rejectsKernelSizeThatIsNeitherIntNorPair() {
        InvalidModelSpecException e = rejection(List.of(1, 8, 8), new MaxPool2d(List.of(2, 2, 2), null, null));

        assertThat(e.getMessage())
                .isEqualTo("layer 0 (MaxPool2d) kernel_size must be an int or a [h, w] pair, got [2, 2, 2]");
    }

    @Test
    void rejectsBatchNorm1dOnImages() {
        InvalidModelSpecException e = rejection(List.of(1, 28, 28), new BatchNorm1d());

        assertThat(e.getMessage())
                .startsWith("layer 0 (BatchNorm1d) needs a [C] or [C, L] input per sample, got [1, 28, 28]");
    }

    @Test
    void rejectsBatchNorm2dOnFlatInput() {
        InvalidModelSpecException e = rejection(List.of(1, 28, 28), new Flatten(), new BatchNorm2d());

        assertThat(e.getMessage())
                .startsWith("layer 1 (BatchNorm2d) needs an image input [C, H, W] per sample, got [784]");
        assertThat(e.layerIndex()).isEqualTo(1);
    }

    @Test
    void rejectsBatchNormWhoseNumFeaturesDoNotMatch() {
        InvalidModelSpecException e =
                rejection(List.of(1, 28, 28), new Conv2d(32, 3, 1), new BatchNorm2d(64, null, null));

        assertThat(e.getMessage())
                .isEqualTo("layer 1 (BatchNorm2d) expects 64 features (channels), got 32 (input shape [32, 28, 28])");
        assertThat(e.field()).isEqualTo("model.layers[1].num_features");
    }

    @Test
    void rejectsBatchNormWithBadEpsOrMomentum() {
        assertThat(rejection(List.of(4), new BatchNorm1d(null, 0.0, null)).field())
                .isEqualTo("model.layers[0].eps");
        assertThat(rejection(List.of(4), new BatchNorm1d(null, null, 1.5)).getMessage())
                .isEqualTo("layer 0 (BatchNorm1d) momentum must be between 0 and 1, got 1.5");
    }

    @Test
    void rejectsDropoutProbabilityOutOfRange() {
        InvalidModelSpecException e = rejection(List.of(10), new ReLU(), new Dropout(1.0));

        assertThat(e.getMessage()).isEqualTo("layer 1 (Dropout) p must be at least 0 and less than 1, got 1.0");
        assertThat(e.field()).isEqualTo("model.layers[1].p");
        assertThat(rejection(List.of(10), new Dropout(-0.1)).field()).isEqualTo("model.layers[0].p");
    }

    @Test
    void rejectsSoftmaxDimensionOutOfRangeOrOnTheBatch() {
        InvalidModelSpecException outOfRange = rejection(List.of(10), new Softmax(2));
        assertThat(outOfRange.getMessage())
                .isEqualTo("layer 0 (Softmax) dim 2 is out of range for input [10] (with the batch dimension: 2"
                        + " dimensions, so dim must be in -2..1)");
        assertThat(outOfRange.field()).isEqualTo("model.layers[0].dim");

        assertThat(rejection(List.of(10), new Softmax(0)).getMessage())
                .startsWith("layer 0 (Softmax) dim 0 is the batch dimension");
        assertThat(rejection(List.of(10), new Softmax(-2)).getMessage())
                .startsWith("layer 0 (Softmax) dim -2 is the batch dimension");
    }

    @Test
    void rejectsFlattenDimsOutOfRangeOrReversed() {
        assertThat(rejection(List.of(1, 28, 28), new Flatten(4, null)).getMessage())
                .isEqualTo("layer 0 (Flatten) start_dim 4 is out of range for input [1, 28, 28] (with the batch"
                        + " dimension: 4 dimensions, so start_dim must be in -4..3)");
        assertThat(rejection(List.of(1, 28, 28), new Flatten(0, null)).getMessage())
                .startsWith("layer 0 (Flatten) start_dim 0 would flatten the batch dimension");
        InvalidModelSpecException reversed = rejection(List.of(1, 28, 28), new Flatten(3, 2));
        assertThat(reversed.getMessage())
                .isEqualTo("layer 0 (Flatten) start_dim 3 comes after end_dim 2 for input [1, 28, 28]");
        assertThat(reversed.field()).isEqualTo("model.layers[0].start_dim");
    }

    @Test
    void rejectsModelsAboveTheParameterBudget() {
        InvalidModelSpecException e = rejection(List.of(1, 28, 28), new Flatten(), new Linear(200_000), new Linear(10));

        // 784*200000+200000 = 157,000,000; 200000*10+10 = 2,000,010
        assertThat(e.getMessage())
                .isEqualTo("the model has 159,000,010 trainable parameters, more than the limit of 100,000,000; the"
                        + " largest is layer 1 (Linear) with 157,000,000");
        assertThat(e.layerIndex()).isEqualTo(1);
    }

    @Test
    void rejectsModelsWithMoreLayersThanTheLimit() {
        Layer[] layers = new Layer[ShapeInference.MAX_LAYERS + 1];
        Arrays.fill(layers, new ReLU());

        InvalidModelSpecException e = rejection(List.of(784), layers);

        assertThat(e.getMessage()).isEqualTo("model.layers has 1,001 layers, more than the limit of 1,000");
        assertThat(e.field()).isEqualTo("model.layers");
        assertThat(ShapeInference.infer(ModelSpec.of(InputSpec.of(784), List.of(Arrays.copyOf(layers, 1000))))
                        .layers())
                .hasSize(1000);
    }

    @Test
    void rejectsFlattenThatOverflowsAnInt() {
        InvalidModelSpecException e = rejection(List.of(100_000, 100_000), new Flatten());

        assertThat(e.getMessage()).startsWith("layer 0 (Flatten) would produce 10000000000 features");
    }

    @Test
    void rejectsNullLayerAndUnexpandedTemplate() {
        InvalidModelSpecException nullLayer = rejection(ModelSpec.of(InputSpec.of(4), Arrays.asList(new ReLU(), null)));
        assertThat(nullLayer.field()).isEqualTo("model.layers[1]");
        assertThat(nullLayer.layerIndex()).isEqualTo(1);

        InvalidModelSpecException template = rejection(ModelSpec.ofTemplate("mlp"));
        assertThat(template.field()).isEqualTo("model.template");
        assertThat(template.getMessage()).contains("'mlp'").contains("ModelTemplates.resolve");
    }
}
