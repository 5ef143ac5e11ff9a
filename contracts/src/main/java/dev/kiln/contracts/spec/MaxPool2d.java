package dev.kiln.contracts.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code torch.nn.MaxPool2d(kernel_size, stride=kernel_size, padding=0)}: the maximum of each window, per channel, on a
 * [C, H, W] input per sample. Each parameter is an int or an [h, w] pair; padding may be at most half the kernel.
 *
 * @param kernelSize [k] or [h, w] (required; JSON accepts a plain int)
 * @param stride [s] or [h, w] (default: the kernel size)
 * @param padding [p] or [h, w] (default 0)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MaxPool2d(
        @JsonProperty(required = true) @IntOrPair List<Integer> kernelSize,
        @IntOrPair List<Integer> stride,
        @IntOrPair List<Integer> padding)
        implements Layer, PoolWindow {

    public MaxPool2d {
        kernelSize = Lists.copy(kernelSize);
        stride = Lists.copy(stride);
        padding = Lists.copy(padding);
    }

    /** {@code nn.MaxPool2d(kernelSize)}: stride = kernel size, no padding. */
    public MaxPool2d(int kernelSize) {
        this(List.of(kernelSize), null, null);
    }

    @Override
    public LayerShape infer(int index, List<Integer> inputShape) {
        LayerSite site = new LayerSite(index, this, inputShape);
        Window2d window = Pool2d.window(site, kernelSize, stride, padding);
        MaxPool2d resolved = new MaxPool2d(window.kernel(), window.stride(), window.padding());
        return site.shape(resolved, Pool2d.outputShape(site, window), List.of());
    }
}
