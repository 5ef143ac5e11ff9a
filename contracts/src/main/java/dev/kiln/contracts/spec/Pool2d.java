package dev.kiln.contracts.spec;

import java.util.ArrayList;
import java.util.List;

/** Shape rules shared by MaxPool2d and AvgPool2d: [C, H, W] in, [C, H', W'] out, no parameters. */
final class Pool2d {
    private Pool2d() {}

    /** The checked window; the stride defaults to the kernel size, as in torch. */
    static Window2d window(LayerSite site, List<Integer> kernelSize, List<Integer> stride, List<Integer> padding) {
        site.requireImage();
        Window2d window = Window2d.of(site, kernelSize, stride, padding, true);
        window.requirePaddingAtMostHalfKernel(site);
        return window;
    }

    static List<Integer> outputShape(LayerSite site, Window2d window) {
        List<Integer> output = new ArrayList<>();
        output.add(site.input().get(0));
        output.addAll(window.outputHw(site));
        return output;
    }
}
