package dev.kiln.contracts.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model spec checked by {@link ShapeInference}: the shape through every layer, the state-dict tensors and the
 * number of trainable parameters.
 *
 * @param inputShape the per-sample input shape
 * @param layers every layer with its shapes, in order
 * @param outputShape the per-sample output shape of the last layer
 * @param parameterCount trainable parameters, like {@code sum(p.numel() for p in model.parameters())}
 */
public record InferredModel(
        List<Integer> inputShape, List<LayerShape> layers, List<Integer> outputShape, long parameterCount) {
    public InferredModel {
        inputShape = List.copyOf(inputShape);
        layers = List.copyOf(layers);
        outputShape = List.copyOf(outputShape);
    }

    /** The spec with every inferred field (in_features, in_channels, num_features) and every default explicit. */
    public ModelSpec resolvedSpec() {
        List<Layer> resolved = layers.stream().map(LayerShape::layer).toList();
        return new ModelSpec(new InputSpec(inputShape), resolved, null);
    }

    /**
     * The state dict as {@code nn.Sequential} names it, in order: {@code "1.weight" -> [512, 784]},
     * {@code "1.bias" -> [512]}, … including buffers such as {@code running_mean} and {@code num_batches_tracked}.
     */
    public Map<String, TensorShape> stateDictShapes() {
        Map<String, TensorShape> shapes = new LinkedHashMap<>();
        for (LayerShape layer : layers) {
            for (TensorShape tensor : layer.parameters()) {
                shapes.put(layer.index() + "." + tensor.name(), tensor);
            }
        }
        return Collections.unmodifiableMap(shapes);
    }
}
