package dev.kiln.contracts.spec;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code torch.nn.BatchNorm2d(num_features, eps=1e-5, momentum=0.1)} on a [C, H, W] input per sample.
 *
 * @param numFeatures C; inferred when absent, checked when given
 * @param eps added to the variance (default 1e-5)
 * @param momentum running-statistics momentum, 0..1 (default 0.1)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BatchNorm2d(Integer numFeatures, Double eps, Double momentum) implements Layer {

    /** {@code nn.BatchNorm2d(?)} with num_features inferred and torch's defaults. */
    public BatchNorm2d() {
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
        site.requireImage();
        int channels = BatchNorm.channels(site, numFeatures, epsOrDefault(), momentumOrDefault());
        BatchNorm2d resolved = new BatchNorm2d(channels, epsOrDefault(), momentumOrDefault());
        return site.shape(resolved, inputShape, BatchNorm.stateDict(channels));
    }
}
