package dev.kiln.contracts.events;

import dev.kiln.contracts.spec.Layer;
import dev.kiln.contracts.spec.ModelSpecJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes {@link KilnEvent}s as JSON (UTF-8 bytes for Kafka, or strings), with the {@code "type"}
 * property choosing the record. Reading ignores properties it does not know, so a consumer keeps working when a
 * producer adds a field; anything it cannot read is an {@link IllegalArgumentException} that says why.
 */
public final class EventCodec {
    private static final JsonMapper WRITER = ModelSpecJson.mapper();
    private static final JsonMapper READER = ModelSpecJson.mapper()
            .rebuild()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final List<String> TYPES = subtypes(KilnEvent.class).toList();

    private EventCodec() {}

    /** The event types, e.g. "TrainingJobRequested", "EpochCompleted", … */
    public static List<String> eventTypes() {
        return TYPES;
    }

    /** The event as UTF-8 JSON. */
    public static byte[] toBytes(KilnEvent event) {
        return WRITER.writeValueAsBytes(requireEvent(event));
    }

    /** The event as a JSON string. */
    public static String toJson(KilnEvent event) {
        return WRITER.writeValueAsString(requireEvent(event));
    }

    /** Reads any event from UTF-8 JSON. */
    public static KilnEvent fromBytes(byte[] json) {
        if (json == null || json.length == 0) {
            throw new IllegalArgumentException("event is empty; expected a JSON object with a \"type\"");
        }
        JsonNode tree;
        try {
            tree = READER.readTree(json);
        } catch (JacksonException e) {
            throw notJson(e, new String(json, 0, Math.min(json.length, 200), StandardCharsets.UTF_8));
        }
        return fromTree(tree);
    }

    /** Reads an event that must be of the given type. */
    public static <T extends KilnEvent> T fromBytes(byte[] json, Class<T> type) {
        return requireType(fromBytes(json), type);
    }

    /** Reads any event from a JSON string. */
    public static KilnEvent fromJson(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("event is empty; expected a JSON object with a \"type\"");
        }
        JsonNode tree;
        try {
            tree = READER.readTree(json);
        } catch (JacksonException e) {
            throw notJson(e, json.length() > 200 ? json.substring(0, 200) : json);
        }
        return fromTree(tree);
    }

    /** Reads an event that must be of the given type. */
    public static <T extends KilnEvent> T fromJson(String json, Class<T> type) {
        return requireType(fromJson(json), type);
    }

    private static KilnEvent fromTree(JsonNode tree) {
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new IllegalArgumentException("event is empty; expected a JSON object with a \"type\"");
        }
        if (!tree.isObject()) {
            throw new IllegalArgumentException("event must be a JSON object with a \"type\", got "
                    + tree.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        JsonNode type = tree.get("type");
        if (type == null || type.isNull()) {
            throw new IllegalArgumentException("event has no \"type\" property; known types: " + knownTypes());
        }
        if (!type.isString() || !TYPES.contains(type.asString())) {
            throw new IllegalArgumentException(
                    "unknown event type " + (type.isString() ? "'" + type.asString() + "'" : type.toString())
                            + "; known types: " + knownTypes());
        }
        try {
            return READER.treeToValue(tree, KilnEvent.class);
        } catch (JacksonException e) {
            throw notReadable(e, type.asString());
        }
    }

    private static KilnEvent requireEvent(KilnEvent event) {
        if (event == null) {
            throw new IllegalArgumentException("event is required");
        }
        return event;
    }

    private static <T extends KilnEvent> T requireType(KilnEvent event, Class<T> type) {
        if (!type.isInstance(event)) {
            throw new IllegalArgumentException("expected a " + type.getSimpleName() + " event but got " + event.type()
                    + " (event_id " + event.eventId() + ")");
        }
        return type.cast(event);
    }

    private static String knownTypes() {
        return String.join(", ", TYPES);
    }

    private static IllegalArgumentException notJson(JacksonException e, String start) {
        String where = e.getLocation() == null
                ? ""
                : String.format(
                        Locale.ROOT,
                        " (line %d, column %d)",
                        e.getLocation().getLineNr(),
                        e.getLocation().getColumnNr());
        return new IllegalArgumentException(
                "event is not valid JSON" + where + ": " + e.getOriginalMessage() + "; it starts with: " + start, e);
    }

    private static IllegalArgumentException notReadable(JacksonException e, String type) {
        String path = path(e.getPath());
        String reason;
        if (e.getCause() instanceof IllegalArgumentException invalid) {
            reason = invalid.getMessage();
        } else if (e instanceof InvalidTypeIdException typeId
                && typeId.getBaseType().hasRawClass(Layer.class)) {
            reason = path + ": unknown layer type '" + typeId.getTypeId() + "'; supported types: "
                    + String.join(", ", Layer.supportedTypes());
        } else {
            reason = (path.isEmpty() ? "" : path + ": ") + e.getOriginalMessage();
        }
        return new IllegalArgumentException("event " + type + " could not be read: " + reason, e);
    }

    /** Jackson's reference path as JSON field names: {@code model.layers[0].type}. */
    private static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static Stream<String> subtypes(Class<?> type) {
        if (type.isRecord()) {
            return Stream.of(type.getSimpleName());
        }
        Class<?>[] permitted = type.getPermittedSubclasses();
        return permitted == null ? Stream.empty() : Arrays.stream(permitted).flatMap(EventCodec::subtypes);
    }
}
