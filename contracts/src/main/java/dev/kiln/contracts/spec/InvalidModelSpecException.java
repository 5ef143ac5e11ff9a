package dev.kiln.contracts.spec;

/**
 * A model spec that cannot be parsed or cannot work: wrong JSON, an unknown layer, shapes that do not fit.
 *
 * <p>The message says what is wrong and what would be right, e.g. "layer 3 (Linear) expects 784 input features,
 * got 512". {@link #field()} names the offending field as a path from the job request, e.g.
 * {@code model.layers[3].in_features} or {@code model.input.shape}; {@link #layerIndex()} is the 0-based index of
 * the layer (as {@code nn.Sequential} numbers them) or {@code null} when the problem is not in one layer.
 */
public class InvalidModelSpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final Integer layerIndex;

    public InvalidModelSpecException(String message, String field, Integer layerIndex) {
        this(message, field, layerIndex, null);
    }

    public InvalidModelSpecException(String message, String field, Integer layerIndex, Throwable cause) {
        super(message, cause);
        this.field = field;
        this.layerIndex = layerIndex;
    }

    /** The field path, e.g. {@code model.layers[3].in_features}; {@code model} when it concerns the whole spec. */
    public String field() {
        return field;
    }

    /** The 0-based layer index, or {@code null} when the problem is not in one layer. */
    public Integer layerIndex() {
        return layerIndex;
    }

    /** Field path of a layer or one of its parameters: {@code model.layers[3]} or {@code model.layers[3].bias}. */
    public static String layerField(int index, String parameter) {
        String layer = "model.layers[" + index + "]";
        return parameter == null ? layer : layer + "." + parameter;
    }
}
