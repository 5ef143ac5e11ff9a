package dev.kiln.contracts.spec;

import java.util.List;
import java.util.Locale;

/**
 * Where a layer sits while its shape is inferred: its index, its type and its per-sample input shape.
 * Builds the errors that name all three, and runs the checks layers share.
 */
final class LayerSite {
    private final int index;
    private final String type;
    private final List<Integer> input;

    LayerSite(int index, Layer layer, List<Integer> input) {
        this.index = index;
        this.type = layer.type();
        this.input = input;
    }

    List<Integer> input() {
        return input;
    }

    /** An error about this layer: the message is prefixed with "layer 3 (Linear) ". */
    InvalidModelSpecException fail(String parameter, String format, Object... args) {
        return new InvalidModelSpecException(
                "layer " + index + " (" + type + ") " + String.format(Locale.ROOT, format, args),
                InvalidModelSpecException.layerField(index, parameter),
                index);
    }

    int positive(String parameter, Integer value) {
        if (value == null) {
            throw fail(parameter, "needs %s", parameter);
        }
        if (value <= 0) {
            throw fail(parameter, "%s must be a positive integer, got %d", parameter, value);
        }
        return value;
    }

    /** Checks an inferable size (in_features, in_channels, num_features) against the actual one. */
    int matching(String parameter, Integer given, int actual, String what) {
        if (given != null && given != actual) {
            throw fail(parameter, "expects %d %s, got %d (input shape %s)", given, what, actual, input);
        }
        return actual;
    }

    /** Requires a per-sample input of rank 3: [C, H, W]. */
    void requireImage() {
        if (input.size() != 3) {
            throw fail(
                    null,
                    "needs an image input [C, H, W] per sample, got %s; give the input shape as [channels, height,"
                            + " width]",
                    input);
        }
    }

    /** Normalises a dimension index that counts the batch dimension (like torch) to 0..rank-1 of [N, *input]. */
    int dimension(String parameter, int dim) {
        int rank = input.size() + 1;
        if (dim < -rank || dim >= rank) {
            throw fail(
                    parameter,
                    "%s %d is out of range for input %s (with the batch dimension: %d dimensions, so %s must be in"
                            + " %d..%d)",
                    parameter,
                    dim,
                    input,
                    rank,
                    parameter,
                    -rank,
                    rank - 1);
        }
        return dim < 0 ? dim + rank : dim;
    }

    LayerShape shape(Layer resolved, List<Integer> output, List<TensorShape> parameters) {
        return new LayerShape(index, resolved, input, output, parameters);
    }
}
