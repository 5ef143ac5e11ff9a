package dev.kiln.contracts.spec;

import java.util.List;
import java.util.Objects;

/**
 * One tensor of a layer's state dict, named as PyTorch names it ({@code weight}, {@code bias},
 * {@code running_mean}, {@code running_var}, {@code num_batches_tracked}).
 *
 * @param name the name within the module, e.g. {@code weight}
 * @param shape the shape; an empty list for a scalar (0-d) tensor such as {@code num_batches_tracked}
 * @param dtype the element type
 * @param trainable whether it is a parameter ({@code model.parameters()}) rather than a buffer
 */
public record TensorShape(String name, List<Integer> shape, DType dtype, boolean trainable) {
    public TensorShape {
        Objects.requireNonNull(name, "name");
        shape = List.copyOf(shape);
        Objects.requireNonNull(dtype, "dtype");
    }

    /** A trainable FLOAT32 parameter. */
    static TensorShape parameter(String name, Integer... shape) {
        return new TensorShape(name, List.of(shape), DType.FLOAT32, true);
    }

    /** A FLOAT32 buffer that is not trained (e.g. {@code running_mean}). */
    static TensorShape buffer(String name, Integer... shape) {
        return new TensorShape(name, List.of(shape), DType.FLOAT32, false);
    }

    /** Number of elements: the product of the shape, 1 for a scalar; {@link Long#MAX_VALUE} if it overflows. */
    public long numel() {
        long n = 1;
        for (int dim : shape) {
            n = saturatingMultiply(n, dim);
        }
        return n;
    }

    static long saturatingMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }

    static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
