package dev.kiln.contracts.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/** Turns Jackson's exceptions about a model spec into messages that name the layer and the field. */
final class SpecJsonErrors {
    private static final Pattern DUPLICATE_PROPERTY = Pattern.compile("Duplicate property \"([^\"]+)\"");
    private static final Pattern MISSING_PROPERTY = Pattern.compile("Missing required creator property '([^']+)'");

    private SpecJsonErrors() {}

    /**
     * Refuses layer properties the layer's record does not have, before binding, so that a typo is reported as
     * such rather than as the required property it misses.
     */
    static void checkLayerProperties(JsonNode root) {
        JsonNode layers = root.get("layers");
        if (layers == null || !layers.isArray()) {
            return;
        }
        for (int i = 0; i < layers.size(); i++) {
            JsonNode layer = layers.get(i);
            Class<?> type = layerClass(layer);
            if (type == null) {
                continue;
            }
            List<String> known = Arrays.stream(type.getRecordComponents())
                    .map(component -> snakeCase(component.getName()))
                    .toList();
            for (String name : layer.propertyNames()) {
                if (!name.equals("type") && !known.contains(name)) {
                    String properties =
                            known.isEmpty() ? "it has none" : "its properties are " + String.join(", ", known);
                    throw new InvalidModelSpecException(
                            "layer " + i + " (" + type.getSimpleName() + ") has no property '" + name + "'; "
                                    + properties,
                            InvalidModelSpecException.layerField(i, name),
                            i);
                }
            }
        }
    }

    /** Translates a Jackson problem; {@code root} (may be null) is the spec's tree, to name layer types. */
    static InvalidModelSpecException translate(JacksonException e, JsonNode root) {
        Where where = Where.of(e.getPath(), root);
        if (e instanceof InvalidTypeIdException typeId) {
            return unknownType(typeId, where);
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new InvalidModelSpecException(
                    where.parent().subject() + " has no property '" + unknown.getPropertyName()
                            + "'; its properties are " + join(unknown.getKnownPropertyIds()),
                    where.field(),
                    where.layerIndex(),
                    e);
        }
        Matcher missing = MISSING_PROPERTY.matcher(e.getOriginalMessage() == null ? "" : e.getOriginalMessage());
        if (missing.find()) {
            Where property = where.endsWith(missing.group(1)) ? where : where.child(missing.group(1));
            return new InvalidModelSpecException(
                    property.parent().subject() + " needs " + missing.group(1),
                    property.field(),
                    property.layerIndex(),
                    e);
        }
        Matcher duplicate = DUPLICATE_PROPERTY.matcher(e.getOriginalMessage() == null ? "" : e.getOriginalMessage());
        if (duplicate.find()) {
            return new InvalidModelSpecException(
                    "model spec has the property '" + duplicate.group(1) + "' twice in one object"
                            + location(e.getLocation()) + "; give each property once",
                    "model",
                    null,
                    e);
        }
        if (e instanceof InvalidNullException
                || (e instanceof MismatchedInputException m && m.getCurrentToken() == JsonToken.VALUE_NULL)) {
            return new InvalidModelSpecException(
                    where.subject() + " must not be null", where.field(), where.layerIndex(), e);
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return new InvalidModelSpecException(
                    where.subject() + " is invalid: " + e.getCause().getMessage(),
                    where.field(),
                    where.layerIndex(),
                    e);
        }
        if (e instanceof MismatchedInputException mismatch) {
            if (where.isRoot() && mismatch.getTargetType() == ModelSpec.class) {
                return new InvalidModelSpecException(
                        "model must be a JSON object with \"input\" and \"layers\", or \"template\"", "model", null, e);
            }
            if (where.isPairParameter()) {
                Where parameter = where.pairParameter();
                return new InvalidModelSpecException(
                        parameter.subject() + " must be an int or a [h, w] pair of ints",
                        parameter.field(),
                        parameter.layerIndex(),
                        e);
            }
            return new InvalidModelSpecException(
                    where.subject() + " must be " + expected(mismatch.getTargetType()),
                    where.field(),
                    where.layerIndex(),
                    e);
        }
        if (e instanceof StreamReadException) {
            return new InvalidModelSpecException(
                    "model spec is not valid JSON" + location(e.getLocation()) + ": " + e.getOriginalMessage(),
                    "model",
                    null,
                    e);
        }
        return new InvalidModelSpecException(
                where.subject() + " could not be read: " + e.getOriginalMessage(),
                where.field(),
                where.layerIndex(),
                e);
    }

    /** inFeatures -> in_features, as the mapper's snake_case strategy names record components. */
    private static String snakeCase(String name) {
        return name.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    private static Class<?> layerClass(JsonNode layer) {
        if (layer == null
                || !layer.isObject()
                || layer.get("type") == null
                || !layer.get("type").isString()) {
            return null;
        }
        String type = layer.get("type").asString();
        return Arrays.stream(Layer.class.getPermittedSubclasses())
                .filter(c -> c.getSimpleName().equals(type))
                .findFirst()
                .orElse(null);
    }

    private static InvalidModelSpecException unknownType(InvalidTypeIdException e, Where where) {
        String supported = String.join(", ", Layer.supportedTypes());
        String layer = where.layerIndex() == null ? "layer" : "layer " + where.layerIndex();
        Where typeField = where.child("type");
        String typeId = e.getTypeId();
        if (typeId == null || typeId.isEmpty()) {
            return new InvalidModelSpecException(
                    layer + " has no \"type\"; supported types: " + supported,
                    typeField.field(),
                    where.layerIndex(),
                    e);
        }
        String hint = Layer.supportedTypes().stream()
                .filter(type -> type.equalsIgnoreCase(typeId))
                .findFirst()
                .map(type -> " (did you mean '" + type + "'?)")
                .orElse("");
        return new InvalidModelSpecException(
                layer + " has unknown type '" + typeId + "'" + hint + "; supported types: " + supported,
                typeField.field(),
                where.layerIndex(),
                e);
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == InputSpec.class) {
            return "an object like {\"shape\": [1, 28, 28]}";
        }
        if (Layer.class.isAssignableFrom(type)) {
            return "an object with a \"type\", e.g. {\"type\": \"ReLU\"}";
        }
        return "a JSON object";
    }

    private static String join(Collection<Object> names) {
        if (names == null || names.isEmpty()) {
            return "none";
        }
        return names.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String location(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return String.format(Locale.ROOT, " (line %d, column %d)", location.getLineNr(), location.getColumnNr());
    }

    /** A position in the spec, from Jackson's reference path: {@code model.layers[2].kernel_size}. */
    private record Where(List<Object> steps, JsonNode root) {
        static Where of(List<JacksonException.Reference> path, JsonNode root) {
            List<Object> steps = new ArrayList<>();
            for (JacksonException.Reference reference : path) {
                if (reference.getPropertyName() != null) {
                    steps.add(reference.getPropertyName());
                } else if (reference.getIndex() >= 0) {
                    steps.add(reference.getIndex());
                }
            }
            return new Where(steps, root);
        }

        Where child(String property) {
            List<Object> longer = new ArrayList<>(steps);
            longer.add(property);
            return new Where(longer, root);
        }

        Where parent() {
            return steps.isEmpty() ? this : new Where(steps.subList(0, steps.size() - 1), root);
        }

        boolean endsWith(String property) {
            return !steps.isEmpty() && property.equals(steps.get(steps.size() - 1));
        }

        boolean isRoot() {
            return steps.isEmpty();
        }

        Integer layerIndex() {
            return steps.size() >= 2 && "layers".equals(steps.get(0)) && steps.get(1) instanceof Integer index
                    ? index
                    : null;
        }

        boolean isPairParameter() {
            return layerIndex() != null
                    && steps.size() >= 3
                    && List.of("kernel_size", "stride", "padding").contains(steps.get(2));
        }

        /** The kernel_size/stride/padding parameter itself, without an element index. */
        Where pairParameter() {
            return new Where(steps.subList(0, 3), root);
        }

        String field() {
            StringBuilder field = new StringBuilder("model");
            for (Object step : steps) {
                field.append(step instanceof Integer ? "[" + step + "]" : "." + step);
            }
            return field.toString();
        }

        /** "layer 2 (Conv2d) stride"-style subject when inside a layer, else the field path. */
        String subject() {
            Integer index = layerIndex();
            if (index == null) {
                return field();
            }
            String layer = "layer " + index + layerType(index);
            String rest = steps.stream()
                    .skip(2)
                    .map(step -> step instanceof Integer ? "[" + step + "]" : "." + step)
                    .collect(Collectors.joining());
            return rest.isEmpty() ? layer : layer + " " + rest.substring(rest.startsWith(".") ? 1 : 0);
        }

        private String layerType(int index) {
            JsonNode type =
                    root == null ? null : root.path("layers").path(index).path("type");
            return type != null && type.isString() ? " (" + type.asString() + ")" : "";
        }
    }
}
