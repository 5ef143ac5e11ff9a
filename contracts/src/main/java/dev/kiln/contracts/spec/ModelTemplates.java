package dev.kiln.contracts.spec;

import java.util.List;

/**
 * The built-in architectures ({@code {"template": "mlp"}}, {@code {"template": "cnn"}}) and the step that fits a
 * submitted spec to its data set.
 */
public final class ModelTemplates {
    /** The multi-layer perceptron template. */
    public static final String MLP = "mlp";
    /** The small convolutional template for images. */
    public static final String CNN = "cnn";
    /** Every template name. */
    public static final List<String> NAMES = List.of(MLP, CNN);

    private ModelTemplates() {}

    /** Flatten, Linear 512, ReLU, Linear 512, ReLU, Linear numClasses. */
    public static ModelSpec mlp(List<Integer> inputShape, int numClasses) {
        requireClasses(numClasses);
        return ModelSpec.of(
                inputShape,
                new Flatten(),
                new Linear(512),
                new ReLU(),
                new Linear(512),
                new ReLU(),
                new Linear(numClasses));
    }

    /**
     * Two blocks of Conv2d(3x3, padding 1), BatchNorm2d, ReLU, MaxPool2d(2) with 32 and 64 channels, then Flatten,
     * Dropout(0.25), Linear 128, ReLU, Dropout(0.5), Linear numClasses. Needs an image input [C, H, W] of at least
     * 4x4.
     */
    public static ModelSpec cnn(List<Integer> inputShape, int numClasses) {
        requireClasses(numClasses);
        if (inputShape == null || inputShape.size() != 3) {
            throw new InvalidModelSpecException(
                    "the cnn template needs an image input [C, H, W], got " + inputShape
                            + "; use the mlp template for other inputs",
                    "model.template",
                    null);
        }
        if (inputShape.get(1) < 4 || inputShape.get(2) < 4) {
            throw new InvalidModelSpecException(
                    "the cnn template needs images of at least 4x4 (it pools twice by 2), got " + inputShape,
                    "model.template",
                    null);
        }
        return ModelSpec.of(
                inputShape,
                new Conv2d(32, 3, 1),
                new BatchNorm2d(),
                new ReLU(),
                new MaxPool2d(2),
                new Conv2d(64, 3, 1),
                new BatchNorm2d(),
                new ReLU(),
                new MaxPool2d(2),
                new Flatten(),
                new Dropout(0.25),
                new Linear(128),
                new ReLU(),
                new Dropout(0.5),
                new Linear(numClasses));
    }

    /** The template of the given name for a data set. */
    public static ModelSpec template(String name, List<Integer> inputShape, int numClasses) {
        if (MLP.equals(name)) {
            return mlp(inputShape, numClasses);
        }
        if (CNN.equals(name)) {
            return cnn(inputShape, numClasses);
        }
        throw new InvalidModelSpecException(
                "unknown model template '" + name + "'; supported templates: \"mlp\", \"cnn\"", "model.template", null);
    }

    /** {@link #resolve(ModelSpec, String, List, int)} without a data set name in the messages. */
    public static ModelSpec resolve(ModelSpec spec, List<Integer> datasetInputShape, int numClasses) {
        return resolve(spec, null, datasetInputShape, numClasses);
    }

    /**
     * Fits a submitted spec to its data set: expands a template, or fills a missing input shape from the data set,
     * or checks that a given one equals the data set's; then infers the shapes and checks that the model ends in
     * {@code [numClasses]}.
     *
     * @param datasetName the data set's name, for messages (may be null)
     * @param datasetInputShape the data set's per-sample shape, e.g. [1, 28, 28]
     * @param numClasses the data set's number of classes
     * @return the spec with its input shape and layers (not yet resolved; see {@link InferredModel#resolvedSpec()})
     * @throws InvalidModelSpecException if the spec does not fit the data set or cannot work
     */
    public static ModelSpec resolve(
            ModelSpec spec, String datasetName, List<Integer> datasetInputShape, int numClasses) {
        if (spec == null) {
            throw new InvalidModelSpecException(
                    "model is required: give layers or a template (\"mlp\" or \"cnn\")", "model", null);
        }
        String dataset = datasetName == null ? "the data set" : "data set '" + datasetName + "'";
        if (spec.input() != null
                && spec.input().shape() != null
                && !spec.input().shape().equals(datasetInputShape)) {
            throw new InvalidModelSpecException(
                    "model.input.shape " + spec.input().shape() + " does not match the samples of " + dataset + ", "
                            + datasetInputShape + "; leave the input out to take it from the data set",
                    "model.input.shape",
                    null);
        }
        ModelSpec expanded;
        if (spec.usesTemplate()) {
            if (spec.layers() != null) {
                throw new InvalidModelSpecException(
                        "model gives both a template and layers; give one of them", "model.template", null);
            }
            expanded = template(spec.template(), datasetInputShape, numClasses);
        } else {
            expanded = spec.withInput(new InputSpec(datasetInputShape));
        }
        requireClasses(numClasses);
        InferredModel inferred = ShapeInference.infer(expanded);
        requireOutput(inferred, dataset, numClasses);
        return expanded;
    }

    private static void requireOutput(InferredModel inferred, String dataset, int numClasses) {
        List<Integer> output = inferred.outputShape();
        int last = inferred.layers().size() - 1;
        String lastLayer =
                "layer " + last + " (" + inferred.layers().get(last).layer().type() + ")";
        if (output.size() != 1) {
            throw new InvalidModelSpecException(
                    "the last layer, " + lastLayer + ", gives " + output + " per sample but " + dataset + " needs ["
                            + numClasses + "] (one score per class); end with a Flatten and a Linear with"
                            + " out_features " + numClasses,
                    InvalidModelSpecException.layerField(last, null),
                    last);
        }
        if (output.get(0) != numClasses) {
            Layer layer = inferred.layers().get(last).layer();
            throw new InvalidModelSpecException(
                    "the last layer gives " + output.get(0) + " outputs but " + dataset + " has " + numClasses
                            + " classes",
                    InvalidModelSpecException.layerField(last, layer instanceof Linear ? "out_features" : null),
                    last);
        }
    }

    private static void requireClasses(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("number of classes must be at least 1, got " + numClasses);
        }
    }
}
