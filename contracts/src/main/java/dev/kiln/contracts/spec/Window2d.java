package dev.kiln.contracts.spec;

import java.util.List;

/**
 * The sliding window of a 2-d layer (Conv2d, MaxPool2d, AvgPool2d): kernel, stride and padding per height and
 * width, checked like torch checks them (dilation 1, ceil_mode false).
 */
record Window2d(int kernelH, int kernelW, int strideH, int strideW, int paddingH, int paddingW) {

    /**
     * Checks and resolves the three parameters. A {@code null} stride means 1 for a convolution and the kernel
     * size for a pool; a {@code null} padding means 0.
     */
    static Window2d of(
            LayerSite site,
            List<Integer> kernelSize,
            List<Integer> stride,
            List<Integer> padding,
            boolean strideDefaultsToKernel) {
        if (kernelSize == null) {
            throw site.fail("kernel_size", "needs kernel_size (an int or a [h, w] pair)");
        }
        List<Integer> kernel = pair(site, "kernel_size", kernelSize);
        if (kernel.get(0) <= 0 || kernel.get(1) <= 0) {
            throw site.fail("kernel_size", "kernel_size must be positive, got %s", kernelSize);
        }
        List<Integer> steps =
                stride == null ? (strideDefaultsToKernel ? kernel : List.of(1, 1)) : pair(site, "stride", stride);
        if (steps.get(0) <= 0 || steps.get(1) <= 0) {
            throw site.fail("stride", "stride must be positive, got %s", stride);
        }
        List<Integer> pads = padding == null ? List.of(0, 0) : pair(site, "padding", padding);
        if (pads.get(0) < 0 || pads.get(1) < 0) {
            throw site.fail("padding", "padding must not be negative, got %s", padding);
        }
        return new Window2d(kernel.get(0), kernel.get(1), steps.get(0), steps.get(1), pads.get(0), pads.get(1));
    }

    /** Expands an int-or-pair list ([k] or [h, w]) to [h, w]. */
    static List<Integer> pair(LayerSite site, String parameter, List<Integer> value) {
        if ((value.size() != 1 && value.size() != 2) || value.contains(null)) {
            throw site.fail(parameter, "%s must be an int or a [h, w] pair, got %s", parameter, value);
        }
        return value.size() == 1 ? List.of(value.get(0), value.get(0)) : List.of(value.get(0), value.get(1));
    }

    /** Torch's pooling rule: padding may be at most half the kernel size (integer division). */
    void requirePaddingAtMostHalfKernel(LayerSite site) {
        if (paddingH > kernelH / 2 || paddingW > kernelW / 2) {
            throw site.fail(
                    "padding",
                    "padding %s must be at most half the kernel size %s (torch requires padding <= kernel_size / 2)",
                    text(paddingH, paddingW),
                    text(kernelH, kernelW));
        }
    }

    /** Output height and width for a [C, H, W] input: floor((size + 2 * padding - kernel) / stride) + 1. */
    List<Integer> outputHw(LayerSite site) {
        long inH = site.input().get(1);
        long inW = site.input().get(2);
        long paddedH = inH + 2L * paddingH;
        long paddedW = inW + 2L * paddingW;
        if (paddedH < kernelH || paddedW < kernelW) {
            throw site.fail(
                    "kernel_size",
                    "kernel %dx%d does not fit input %dx%d with padding %s",
                    kernelH,
                    kernelW,
                    inH,
                    inW,
                    text(paddingH, paddingW));
        }
        long outH = (paddedH - kernelH) / strideH + 1;
        long outW = (paddedW - kernelW) / strideW + 1;
        if (outH > Integer.MAX_VALUE || outW > Integer.MAX_VALUE) {
            throw site.fail(
                    "padding",
                    "padding %s makes the output larger than %d",
                    text(paddingH, paddingW),
                    Integer.MAX_VALUE);
        }
        return List.of((int) outH, (int) outW);
    }

    List<Integer> kernel() {
        return List.of(kernelH, kernelW);
    }

    List<Integer> stride() {
        return List.of(strideH, strideW);
    }

    List<Integer> padding() {
        return List.of(paddingH, paddingW);
    }

    private static String text(int h, int w) {
        return h == w ? Integer.toString(h) : h + "x" + w;
    }
}
