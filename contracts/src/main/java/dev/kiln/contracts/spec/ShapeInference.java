package dev.kiln.contracts.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Checks a model spec the way PyTorch would run it and infers the shapes through it: per-sample shapes (without
 * the batch dimension), inferred in_features/in_channels/num_features, state-dict tensors and the parameter count.
 * An impossible spec is refused with an {@link InvalidModelSpecException} that names the layer, the field and the
 * shapes that do not fit.
 */
public final class ShapeInference {
    /** The most trainable parameters a model may have. */
    public static final long MAX_PARAMETERS = 100_000_000;

    /**
     * The most layers a model may have: far more than any network built from these layer types needs, and few enough
     * that a spec cannot make a worker build (and a request hold) an endless chain of layers that have no parameters.
     */
    public static final int MAX_LAYERS = 1_000;

    private ShapeInference() {}

    /**
     * Infers the shapes of a spec with an input shape and layers (resolve templates first with
     * {@link ModelTemplates#resolve}).
     *
     * @throws InvalidModelSpecException if the spec is incomplete or impossible
     */
    public static InferredModel infer(ModelSpec spec) {
        if (spec == null) {
            throw new InvalidModelSpecException("model is required", "model", null);
        }
        if (spec.layers() == null && spec.usesTemplate()) {
            throw new InvalidModelSpecException(
                    "model template '" + spec.template() + "' must be expanded (ModelTemplates.resolve) before its"
                            + " shapes can be inferred",
                    "model.template",
                    null);
        }
        List<Integer> shape = checkedInputShape(spec.input());
        if (spec.layers() == null || spec.layers().isEmpty()) {
            throw new InvalidModelSpecException(
                    "model.layers must list at least one layer, e.g. [{\"type\": \"Flatten\"}, {\"type\": \"Linear\","
                            + " \"out_features\": 10}]",
                    "model.layers",
                    null);
        }
        if (spec.layers().size() > MAX_LAYERS) {
            throw new InvalidModelSpecException(
                    String.format(
                            Locale.ROOT,
                            "model.layers has %,d layers, more than the limit of %,d",
                            spec.layers().size(),
                            MAX_LAYERS),
                    "model.layers",
                    null);
        }
        List<LayerShape> layers = new ArrayList<>();
        long parameters = 0;
        for (int i = 0; i < spec.layers().size(); i++) {
            Layer layer = spec.layers().get(i);
            if (layer == null) {
                throw new InvalidModelSpecException(
                        "layer " + i + " is null; give an object with a \"type\"",
                        InvalidModelSpecException.layerField(i, null),
                        i);
            }
            LayerShape inferred = layer.infer(i, shape);
            layers.add(inferred);
            parameters = TensorShape.saturatingAdd(parameters, inferred.trainableParameterCount());
            shape = inferred.outputShape();
        }
        if (parameters > MAX_PARAMETERS) {
            throw tooManyParameters(layers, parameters);
        }
        return new InferredModel(spec.input().shape(), layers, shape, parameters);
    }

    private static List<Integer> checkedInputShape(InputSpec input) {
        if (input == null || input.shape() == null || input.shape().isEmpty()) {
            throw new InvalidModelSpecException(
                    "model.input.shape is required: the shape of one sample without the batch dimension, e.g."
                            + " [1, 28, 28] or [784]",
                    "model.input.shape",
                    null);
        }
        List<Integer> shape = input.shape();
        for (int i = 0; i < shape.size(); i++) {
            Integer dim = shape.get(i);
            if (dim == null || dim <= 0) {
                throw new InvalidModelSpecException(
                        "model.input.shape " + shape + " has dimension " + i + " = " + dim
                                + "; every dimension must be a positive integer",
                        "model.input.shape[" + i + "]",
                        null);
            }
        }
        return shape;
    }

    private static InvalidModelSpecException tooManyParameters(List<LayerShape> layers, long parameters) {
        LayerShape largest = layers.stream()
                .max(Comparator.comparingLong(LayerShape::trainableParameterCount))
                .orElseThrow();
        return new InvalidModelSpecException(
                String.format(
                        Locale.ROOT,
                        "the model has %,d trainable parameters, more than the limit of %,d; the largest is layer %d"
                                + " (%s) with %,d",
                        parameters,
                        MAX_PARAMETERS,
                        largest.index(),
                        largest.layer().type(),
                        largest.trainableParameterCount()),
                InvalidModelSpecException.layerField(largest.index(), null),
                largest.index());
    }
}
