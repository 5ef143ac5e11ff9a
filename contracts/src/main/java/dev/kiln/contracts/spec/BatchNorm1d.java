package dev.kiln.contracts.spec;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code torch.nn.BatchNorm1d(num_features, eps=1e-5, momentum=0.1)} on a [C] or [C, L] input per sample.
 *
 * @param numFeatures C; inferred when absent, checked when given
 * @param eps added to the variance (default 1e-5)
 * @param momentum running-statistics momentum, 0..1 (default 0.1)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BatchNorm1d(Integer numFeatures, Double eps, Double momentum) implements Layer {

    /** {@code nn.BatchNorm1d(?)} with num_features inferred and torch's defaults. */
    public BatchNorm1d() {
        this(null, null, null);
    }

    public double epsOrDefault() {
        return eps == null ? BatchNorm.DEFAULT_EPS : eps;
    }

    public double momentumOrDefault() {
        return momentum == null ? BatchNorm.DEFAULT_MOMENTUM : momentum;
    }

    @Override
    public LayerShape infer(int index, List<Integer> inputShape) {
        LayerSite site = new LayerSite(index, this, inputShape);
        if (inputShape.size() != 1 && inputShape.size() != 2) {
            throw site.fail(
                    null,
                    "needs a [C] or [C, L] input per sample, got %s; use BatchNorm2d for images or add a Flatten",
                    inputShape);
        }
        int channels = BatchNorm.channels(site, numFeatures, epsOrDefault(), momentumOrDefault());
        BatchNorm1d resolved = new BatchNorm1d(channels, epsOrDefault(), momentumOrDefault());
        return site.shape(resolved, inputShape, BatchNorm.stateDict(channels));
    }
}
