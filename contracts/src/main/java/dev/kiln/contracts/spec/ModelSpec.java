package dev.kiln.contracts.spec;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The user's network, described the way {@code torch.nn.Sequential} does. JSON (snake_case):
 *
 * <pre>{@code
 * {"input": {"shape": [1, 28, 28]},
 *  "layers": [{"type": "Flatten"}, {"type": "Linear", "out_features": 512}, {"type": "ReLU"}, ...]}
 * }</pre>
 *
 * or a built-in architecture, {@code {"template": "mlp"}} / {@code {"template": "cnn"}}, whose input comes from
 * the data set (see {@link ModelTemplates#resolve}). Parse with {@link ModelSpecJson#parse(String)}; check and
 * resolve with {@link ShapeInference#infer(ModelSpec)}.
 *
 * @param input the per-sample input shape; may be absent, it then comes from the data set
 * @param layers the layers in order; absent when a template is used
 * @param template a template name ({@code mlp}, {@code cnn}) instead of layers
 */
@JsonPropertyOrder({"template", "input", "layers"})
public record ModelSpec(InputSpec input, List<Layer> layers, String template) {
    public ModelSpec {
        layers = Lists.copy(layers);
    }

    /** A spec with explicit layers. */
    public static ModelSpec of(InputSpec input, List<Layer> layers) {
        return new ModelSpec(input, layers, null);
    }

    /** A spec with explicit layers and the given per-sample input shape. */
    public static ModelSpec of(List<Integer> inputShape, Layer... layers) {
        return new ModelSpec(new InputSpec(inputShape), List.of(layers), null);
    }

    /** A spec naming a built-in architecture, e.g. {@code ModelSpec.ofTemplate("mlp")}. */
    public static ModelSpec ofTemplate(String template) {
        return new ModelSpec(null, null, template);
    }

    /** Whether this spec names a template rather than (or besides) listing layers. */
    public boolean usesTemplate() {
        return template != null;
    }

    /** The same layers with another input. */
    public ModelSpec withInput(InputSpec newInput) {
        return new ModelSpec(newInput, layers, template);
    }
}
