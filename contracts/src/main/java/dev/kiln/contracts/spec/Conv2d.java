package dev.kiln.contracts.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, bias=True)} on a
 * [C, H, W] input per sample. kernel_size, stride and padding are an int or an [h, w] pair, as in torch.
 *
 * @param inChannels input channels; inferred when absent, checked when given
 * @param outChannels output channels (required)
 * @param kernelSize [k] or [h, w] (required; JSON accepts a plain int)
 * @param stride [s] or [h, w] (default 1)
 * @param padding [p] or [h, w] (default 0)
 * @param bias whether the layer has a bias (default true)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Conv2d(
        Integer inChannels,
        @JsonProperty(required = true) int outChannels,
        @JsonProperty(required = true) @IntOrPair List<Integer> kernelSize,
        @IntOrPair List<Integer> stride,
        @IntOrPair List<Integer> padding,
        Boolean bias)
        implements Layer {

    public Conv2d {
        kernelSize = Lists.copy(kernelSize);
        stride = Lists.copy(stride);
        padding = Lists.copy(padding);
    }

    /** {@code nn.Conv2d(?, outChannels, kernelSize, padding=padding)}: in_channels inferred, stride 1, with a bias. */
    public Conv2d(int outChannels, int kernelSize, int padding) {
        this(null, outChannels, List.of(kernelSize), null, List.of(padding), null);
    }

    public int kernelH() {
        return Pairs.h(kernelSize, "kernel_size");
    }

    public int kernelW() {
        return Pairs.w(kernelSize, "kernel_size");
    }

    public int strideH() {
        return Pairs.h(stride, 1);
    }

    public int strideW() {
        return Pairs.w(stride, 1);
    }

    public int paddingH() {
        return Pairs.h(padding, 0);
    }

    public int paddingW() {
        return Pairs.w(padding, 0);
    }

    public boolean hasBias() {
        return bias == null || bias;
    }

    @Override
    public LayerShape infer(int index, List<Integer> inputShape) {
        LayerSite site = new LayerSite(index, this, inputShape);
        site.positive("out_channels", outChannels);
        site.requireImage();
        int in = site.matching("in_channels", inChannels, inputShape.get(0), "input channels");
        Window2d window = Window2d.of(site, kernelSize, stride, padding, false);
        List<Integer> output = new ArrayList<>();
        output.add(outChannels);
        output.addAll(window.outputHw(site));
        List<TensorShape> parameters = new ArrayList<>();
        parameters.add(TensorShape.parameter("weight", outChannels, in, window.kernelH(), window.kernelW()));
        if (hasBias()) {
            parameters.add(TensorShape.parameter("bias", outChannels));
        }
        Conv2d resolved = new Conv2d(in, outChannels, window.kernel(), window.stride(), window.padding(), hasBias());
        return site.shape(resolved, output, parameters);
    }
}
