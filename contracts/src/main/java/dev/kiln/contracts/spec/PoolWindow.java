package dev.kiln.contracts.spec;

import java.util.List;

/**
 * The window of a 2-D pooling layer ({@link MaxPool2d}, {@link AvgPool2d}): kernel, stride and padding, each an int or
 * an [h, w] pair, resolved the way torch resolves them (stride defaults to the kernel, padding to 0).
 */
public interface PoolWindow {
    List<Integer> kernelSize();

    List<Integer> stride();

    List<Integer> padding();

    default int kernelH() {
        return Pairs.h(kernelSize(), "kernel_size");
    }

    default int kernelW() {
        return Pairs.w(kernelSize(), "kernel_size");
    }

    default int strideH() {
        return Pairs.h(stride(), kernelH());
    }

    default int strideW() {
        return Pairs.w(stride(), kernelW());
    }

    default int paddingH() {
        return Pairs.h(padding(), 0);
    }

    default int paddingW() {
        return Pairs.w(padding(), 0);
    }
}
