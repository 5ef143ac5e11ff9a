package dev.kiln.contracts.spec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Arrays;
import java.util.List;

/**
 * One layer of a model spec, named and parameterised like its {@code torch.nn} module. In JSON the
 * {@code "type"} property holds the torch class name: {@code {"type": "Linear", "out_features": 512}}.
 *
 * <p>Optional fields are {@code null} when absent and mean torch's default; fields that shape inference can
 * infer (in_features, in_channels, num_features) are checked when given. {@link #infer(int, List)} checks the
 * layer against its input and returns it resolved, with every inferred field and default made explicit.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Flatten.class, name = "Flatten"),
    @JsonSubTypes.Type(value = Linear.class, name = "Linear"),
    @JsonSubTypes.Type(value = ReLU.class, name = "ReLU"),
    @JsonSubTypes.Type(value = Sigmoid.class, name = "Sigmoid"),
    @JsonSubTypes.Type(value = Tanh.class, name = "Tanh"),
    @JsonSubTypes.Type(value = Softmax.class, name = "Softmax"),
    @JsonSubTypes.Type(value = Dropout.class, name = "Dropout"),
    @JsonSubTypes.Type(value = Conv2d.class, name = "Conv2d"),
    @JsonSubTypes.Type(value = MaxPool2d.class, name = "MaxPool2d"),
    @JsonSubTypes.Type(value = AvgPool2d.class, name = "AvgPool2d"),
    @JsonSubTypes.Type(value = BatchNorm1d.class, name = "BatchNorm1d"),
    @JsonSubTypes.Type(value = BatchNorm2d.class, name = "BatchNorm2d")
})
public sealed interface Layer
        permits Flatten,
                Linear,
                ReLU,
                Sigmoid,
                Tanh,
                Softmax,
                Dropout,
                Conv2d,
                MaxPool2d,
                AvgPool2d,
                BatchNorm1d,
                BatchNorm2d {

    /** The torch.nn class name, which is also the JSON {@code "type"}: "Linear", "Conv2d", … */
    default String type() {
        return getClass().getSimpleName();
    }

    /**
     * Checks this layer against the per-sample shape it receives and computes what it gives.
     *
     * @param index the layer's 0-based index in the model, used in error messages
     * @param inputShape the per-sample input shape (without the batch dimension)
     * @return the resolved layer, its input and output shapes and its state-dict tensors
     * @throws InvalidModelSpecException naming the layer, the field and the shapes that do not fit
     */
    LayerShape infer(int index, List<Integer> inputShape);

    /** The supported layer types ("Flatten", "Linear", …), in the order of {@link Layer}'s permitted subclasses. */
    static List<String> supportedTypes() {
        return Arrays.stream(Layer.class.getPermittedSubclasses())
                .map(Class::getSimpleName)
                .toList();
    }
}
