package dev.kiln.registry.models;

import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.contracts.spec.ModelSpecJson;
import dev.kiln.contracts.spec.ShapeInference;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What {@code spec.json} says about a trained model: its signature, class labels and input normalisation. The file
 * is {@code {"model": <spec>, "labels": [...], "normalization": {"mean": [...], "std": [...]}, "input_shape": [...]}}.
 */
record ModelDescription(Signature signature, List<String> labels, JsonNode normalization) {

    /**
     * @throws IllegalArgumentException saying what is missing or inconsistent in spec.json
     */
    static ModelDescription fromSpecJson(byte[] specJson) {
        JsonNode root;
        try {
            root = ModelSpecJson.mapper().readTree(specJson);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("spec.json is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("spec.json must be a JSON object with \"model\" and \"labels\"");
        }
        List<String> labels = new ArrayList<>();
        root.path("labels").forEach(label -> labels.add(label.asString()));
        List<Integer> sampleShape = ints(root.path("input_shape"));
        Integer outputs = null;
        JsonNode model = root.path("model");
        if (!model.isMissingNode() && !model.isNull()) {
            try {
                InferredModel inferred = ShapeInference.infer(ModelSpecJson.fromTree(model));
                if (sampleShape.isEmpty()) {
                    sampleShape = inferred.inputShape();
                }
                if (inferred.outputShape().size() == 1) {
                    outputs = inferred.outputShape().get(0);
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("spec.json's model is not a valid model spec: " + e.getMessage());
            }
        }
        if (sampleShape.isEmpty()) {
            throw new IllegalArgumentException("spec.json has neither \"input_shape\" nor a model with an input shape");
        }
        if (outputs != null && !labels.isEmpty() && outputs != labels.size()) {
            throw new IllegalArgumentException("spec.json lists " + labels.size() + " labels but the model has "
                    + outputs + " outputs; give one label per output");
        }
        int classes = outputs != null ? outputs : labels.size();
        if (classes == 0) {
            throw new IllegalArgumentException("spec.json has no labels and no model to tell the number of classes");
        }
        JsonNode normalization = root.path("normalization");
        return new ModelDescription(
                Signature.classifier(sampleShape, classes),
                labels,
                normalization.isMissingNode() || normalization.isNull() ? null : normalization);
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(v -> values.add(v.asInt()));
        }
        return values;
    }
}
