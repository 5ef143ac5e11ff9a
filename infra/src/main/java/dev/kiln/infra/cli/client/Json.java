package dev.kiln.infra.cli.client;

import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON reading and writing for the CLI (Jackson 3, as the rest of Kiln). */
final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    static Optional<JsonNode> tryParse(String text) {
        try {
            return Optional.ofNullable(MAPPER.readTree(text));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    static String compact(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    static String pretty(JsonNode node) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }
}
