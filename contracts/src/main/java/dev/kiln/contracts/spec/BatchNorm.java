package dev.kiln.contracts.spec;

import java.util.List;

/** Rules shared by BatchNorm1d and BatchNorm2d: checks and the state dict of torch's {@code _BatchNorm}. */
final class BatchNorm {
    static final double DEFAULT_EPS = 1e-5;
    static final double DEFAULT_MOMENTUM = 0.1;

    private BatchNorm() {}

    /** Checks eps, momentum and num_features against the channel dimension (input[0]); returns the channels. */
    static int channels(LayerSite site, Integer numFeatures, double eps, double momentum) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw site.fail("eps", "eps must be a positive number, got %s", eps);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw site.fail("momentum", "momentum must be between 0 and 1, got %s", momentum);
        }
        return site.matching("num_features", numFeatures, site.input().get(0), "features (channels)");
    }

    /** weight, bias (trainable), running_mean, running_var, num_batches_tracked, in state-dict order. */
    static List<TensorShape> stateDict(int channels) {
        return List.of(
                TensorShape.parameter("weight", channels),
                TensorShape.parameter("bias", channels),
                TensorShape.buffer("running_mean", channels),
                TensorShape.buffer("running_var", channels),
                new TensorShape("num_batches_tracked", List.of(), DType.INT64, false));
    }
}
