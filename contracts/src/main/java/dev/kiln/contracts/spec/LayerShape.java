package dev.kiln.contracts.spec;

import java.util.List;
import java.util.Objects;

/**
 * One layer after shape inference.
 *
 * @param index the 0-based index in {@code nn.Sequential}
 * @param layer the resolved layer: inferred fields and defaults explicit
 * @param inputShape the per-sample shape it receives
 * @param outputShape the per-sample shape it gives
 * @param parameters its state-dict tensors in PyTorch's order (empty for layers without any)
 */
public record LayerShape(
        int index, Layer layer, List<Integer> inputShape, List<Integer> outputShape, List<TensorShape> parameters) {
    public LayerShape {
        Objects.requireNonNull(layer, "layer");
        inputShape = List.copyOf(inputShape);
        outputShape = List.copyOf(outputShape);
        parameters = List.copyOf(parameters);
    }

    /** Number of trainable parameters of this layer. */
    public long trainableParameterCount() {
        return parameters.stream()
                .filter(TensorShape::trainable)
                .mapToLong(TensorShape::numel)
                .reduce(0, TensorShape::saturatingAdd);
    }
}
