package dev.kiln.inference.runtime;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A model input or output as the Open Inference Protocol describes it.
 *
 * @param name the tensor name
 * @param datatype the protocol datatype: {@code FP32}, {@code INT64}, {@code BYTES}, …
 * @param shape the dimensions, {@code -1} for a variable one (the batch)
 */
public record TensorSpec(String name, String datatype, List<Long> shape) {
    public TensorSpec {
        shape = List.copyOf(shape);
    }

    public long[] dims() {
        return shape.stream().mapToLong(Long::longValue).toArray();
    }

    /** Whether the first dimension is variable and the others fixed: requests can be stacked along it. */
    public boolean batchable() {
        return !shape.isEmpty() && shape.get(0) == -1 && shape.stream().skip(1).allMatch(d -> d > 0);
    }

    /** Elements of one sample (all dimensions but the first); -1 if one of them is variable. */
    public long sampleSize() {
        long size = 1;
        for (int i = 1; i < shape.size(); i++) {
            if (shape.get(i) < 0) {
                return -1;
            }
            size *= shape.get(i);
        }
        return size;
    }

    /** E.g. {@code input FP32 [-1, 1, 28, 28]}. */
    public String describe() {
        return name + " " + datatype + " "
                + shape.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }
}
