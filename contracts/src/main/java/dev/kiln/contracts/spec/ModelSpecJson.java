package dev.kiln.contracts.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON for the contracts: the one configured Jackson 3 mapper (snake_case, {@code java.time} as ISO-8601 strings,
 * no nulls written, properties in declaration order) and the model-spec reader that turns every Jackson problem
 * into an {@link InvalidModelSpecException} a person can act on.
 *
 * <p>The mapper is strict, as a submitted spec should be: unknown properties, strings for numbers, numbers for strings and
 * fractions for integers are refused. {@code EventCodec} reads events with a tolerant copy (unknown properties ignored), so
 * consumers keep working when a producer adds a field.
 */
public final class ModelSpecJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, ModelSpecJson::refuseScalarsAsText)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private ModelSpecJson() {}

    /** A number or boolean where a string belongs is a mistake, not a string. */
    private static void refuseScalarsAsText(MutableCoercionConfig config) {
        config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    /** The configured mapper; immutable, share it freely ({@code rebuild()} to derive another). */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads a model spec. Only parses: check it with {@link ShapeInference#infer} or {@link ModelTemplates#resolve}.
     *
     * @throws InvalidModelSpecException for malformed JSON, wrong types, unknown layer types or properties
     */
    public static ModelSpec parse(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidModelSpecException("model spec is empty; give a JSON object", "model", null);
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw SpecJsonErrors.translate(e, null);
        }
        return fromTree(tree);
    }

    /**
     * Reads a model spec from a JSON tree, e.g. the {@code model} node of a job request.
     *
     * @throws InvalidModelSpecException like {@link #parse(String)}
     */
    public static ModelSpec fromTree(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new InvalidModelSpecException("model is required; give a JSON object", "model", null);
        }
        if (!node.isObject()) {
            throw new InvalidModelSpecException(
                    "model must be a JSON object with \"input\" and \"layers\", or \"template\"", "model", null);
        }
        SpecJsonErrors.checkLayerProperties(node);
        try {
            return MAPPER.treeToValue(node, ModelSpec.class);
        } catch (JacksonException e) {
            throw SpecJsonErrors.translate(e, node);
        }
    }

    /** Writes a model spec as compact JSON (absent fields left out). */
    public static String toJson(ModelSpec spec) {
        return MAPPER.writeValueAsString(spec);
    }
}
