package dev.kiln.registry.config;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes the {@code jsonb} columns with the application's JSON mapper. */
@Component
public class JsonColumns {
    private final JsonMapper mapper;

    JsonColumns(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The column's JSON as a tree, or null for SQL null. */
    public JsonNode read(String json) {
        return json == null ? null : mapper.readTree(json);
    }

    /** A value as JSON text for a {@code cast(? as jsonb)} parameter, or null. */
    public String write(Object value) {
        return value == null ? null : mapper.writeValueAsString(value);
    }

    public JsonMapper mapper() {
        return mapper;
    }
}
