package dev.kiln.contracts.spec;

import java.util.List;

/**
 * The shape of one sample, WITHOUT the batch dimension: {@code [1, 28, 28]} for a gray 28x28 image,
 * {@code [784]} for 784 features. JSON: {@code {"shape": [1, 28, 28]}}.
 */
public record InputSpec(List<Integer> shape) {
    public InputSpec {
        shape = Lists.copy(shape);
    }

    /** An input spec of the given dimensions. */
    public static InputSpec of(Integer... shape) {
        return new InputSpec(List.of(shape));
    }
}
