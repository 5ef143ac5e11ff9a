package dev.kiln.formats.imports;

import dev.kiln.contracts.spec.DType;
import java.util.List;

/**
 * One way a state dict differs from what its model spec needs.
 *
 * @param key the state-dict key, e.g. {@code 3.running_mean}
 * @param kind what is wrong
 * @param expectedShape the shape the spec needs ({@code null} for an unexpected tensor)
 * @param expectedDtype the element type the spec needs ({@code null} for an unexpected tensor)
 * @param actualShape the shape in the file ({@code null} for a missing tensor)
 * @param actualDtype the element type in the file ({@code null} for a missing tensor)
 */
public record TensorMismatch(
        String key,
        Kind kind,
        List<Integer> expectedShape,
        DType expectedDtype,
        List<Integer> actualShape,
        DType actualDtype) {

    /** What is wrong with a tensor. */
    public enum Kind {
        MISSING,
        UNEXPECTED,
        WRONG_SHAPE,
        WRONG_DTYPE
    }

    /** One line for an error message: "missing 3.running_var [32] (float32)". */
    public String describe() {
        return switch (kind) {
            case MISSING -> "missing " + key + " " + expectedShape + " (" + name(expectedDtype) + ")";
            case UNEXPECTED -> "unexpected " + key + " " + actualShape + " (not in the spec)";
            case WRONG_SHAPE -> key + " has shape " + actualShape + ", the spec needs " + expectedShape;
            case WRONG_DTYPE -> key + " is " + name(actualDtype) + ", the spec needs " + name(expectedDtype);
        };
    }

    private static String name(DType dtype) {
        return dtype.name().toLowerCase(java.util.Locale.ROOT);
    }
}
