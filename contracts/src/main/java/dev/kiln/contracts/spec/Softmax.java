package dev.kiln.contracts.spec;

import java.util.List;

/**
 * {@code torch.nn.Softmax(dim=1)}: normalises along one dimension; the shape is unchanged. The dimension counts
 * the batch dimension, like torch; 0 (the batch) is refused.
 *
 * @param dim the dimension (default 1; negative counts from the end)
 */
public record Softmax(Integer dim) implements Layer {
    public static final int DEFAULT_DIM = 1;

    /** {@code nn.Softmax(dim=1)}. */
    public Softmax() {
        this(null);
    }

    public int dimOrDefault() {
        return dim == null ? DEFAULT_DIM : dim;
    }

    @Override
    public LayerShape infer(int index, List<Integer> inputShape) {
        LayerSite site = new LayerSite(index, this, inputShape);
        if (site.dimension("dim", dimOrDefault()) == 0) {
            throw site.fail(
                    "dim",
                    "dim %d is the batch dimension; use a dimension of the sample (1..%d, or negative from the end)",
                    dimOrDefault(),
                    inputShape.size());
        }
        return site.shape(new Softmax(dimOrDefault()), inputShape, List.of());
    }
}
