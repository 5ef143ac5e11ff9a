package dev.kiln.contracts.spec;

import java.util.List;

/** {@code torch.nn.Tanh()}: tanh(x) element-wise; the shape is unchanged. */
public record Tanh() implements Layer {
    @Override
    public LayerShape infer(int index, List<Integer> inputShape) {
        return new LayerSite(index, this, inputShape).shape(this, inputShape, List.of());
    }
}
