package dev.kiln.contracts.spec;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code torch.nn.Flatten(start_dim=1, end_dim=-1)}: merges dimensions start_dim..end_dim into one. Dimensions
 * count the batch dimension, like torch: the default flattens each sample to one dimension.
 *
 * @param startDim first dimension to flatten (default 1); 0 (the batch dimension) is refused
 * @param endDim last dimension to flatten (default -1)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Flatten(Integer startDim, Integer endDim) implements Layer {
    public static final int DEFAULT_START_DIM = 1;
    public static final int DEFAULT_END_DIM = -1;

    /** {@code nn.Flatten()} with torch's defaults. */
    public Flatten() {
        this(null, null);
    }

    public int startDimOrDefault() {
        return startDim == null ? DEFAULT_START_DIM : startDim;
    }

    public int endDimOrDefault() {
        return endDim == null ? DEFAULT_END_DIM : endDim;
    }

    @Override
    public LayerShape infer(int index, List<Integer> inputShape) {
        LayerSite site = new LayerSite(index, this, inputShape);
        int start = site.dimension("start_dim", startDimOrDefault());
        int end = site.dimension("end_dim", endDimOrDefault());
        if (start == 0) {
            throw site.fail(
                    "start_dim",
                    "start_dim %d would flatten the batch dimension; use start_dim 1 (the default) or more",
                    startDimOrDefault());
        }
        if (start > end) {
            throw site.fail(
                    "start_dim",
                    "start_dim %d comes after end_dim %d for input %s",
                    startDimOrDefault(),
                    endDimOrDefault(),
                    inputShape);
        }
        // Per-sample indices: full dimension d is inputShape[d - 1].
        List<Integer> output = new ArrayList<>(inputShape.subList(0, start - 1));
        long merged = 1;
        for (int d = start; d <= end; d++) {
            merged *= inputShape.get(d - 1);
        }
        if (merged > Integer.MAX_VALUE) {
            throw site.fail(
                    null,
                    "would produce %d features from input %s, more than %d",
                    merged,
                    inputShape,
                    Integer.MAX_VALUE);
        }
        output.add((int) merged);
        output.addAll(inputShape.subList(end, inputShape.size()));
        return site.shape(new Flatten(startDimOrDefault(), endDimOrDefault()), output, List.of());
    }
}
