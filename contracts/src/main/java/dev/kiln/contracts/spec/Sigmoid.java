package dev.kiln.contracts.spec;

import java.util.List;

/** {@code torch.nn.Sigmoid()}: 1 / (1 + exp(-x)) element-wise; the shape is unchanged. */
public record Sigmoid() implements Layer {
    @Override
    public LayerShape infer(int index, List<Integer> inputShape) {
        return new LayerSite(index, this, inputShape).shape(this, inputShape, List.of());
    }
}
