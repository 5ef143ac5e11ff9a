package dev.kiln.contracts.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code torch.nn.Linear(in_features, out_features, bias=True)} on a 1-D input per sample.
 *
 * @param inFeatures input features; inferred when absent, checked when given
 * @param outFeatures output features (required)
 * @param bias whether the layer has a bias (default true)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Linear(Integer inFeatures, @JsonProperty(required = true) int outFeatures, Boolean bias)
        implements Layer {

    /** {@code nn.Linear(?, outFeatures)}: in_features inferred, with a bias. */
    public Linear(int outFeatures) {
        this(null, outFeatures, null);
    }

    public boolean hasBias() {
        return bias == null || bias;
    }

    @Override
    public LayerShape infer(int index, List<Integer> inputShape) {
        LayerSite site = new LayerSite(index, this, inputShape);
        site.positive("out_features", outFeatures);
        if (inputShape.size() != 1) {
            throw site.fail(
                    "in_features", "needs a 1-D input per sample but gets %s; add a Flatten before it", inputShape);
        }
        int in = site.matching("in_features", inFeatures, inputShape.get(0), "input features");
        List<TensorShape> parameters = new ArrayList<>();
        parameters.add(TensorShape.parameter("weight", outFeatures, in));
        if (hasBias()) {
            parameters.add(TensorShape.parameter("bias", outFeatures));
        }
        return site.shape(new Linear(in, outFeatures, hasBias()), List.of(outFeatures), parameters);
    }
}
