package dev.kiln.inference.api.rest;

import dev.kiln.inference.error.InferenceException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/** Reads a number or nested arrays of numbers (any depth, flattened row-major) from the parser's current token. */
final class JsonNumbers {
    private JsonNumbers() {}

    /**
     * @return true if all values were numbers; false if a string, boolean or null was met (the rest is skipped)
     */
    static boolean read(JsonParser parser, FloatList into) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            into.add(parser.getFloatValue());
            return true;
        }
        if (token != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return false;
        }
        int depth = 1;
        while (depth > 0) {
            token = parser.nextToken();
            if (token == null) {
                throw InferenceException.invalid("the request body ends inside an array");
            }
            switch (token) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> into.add(parser.getFloatValue());
                case START_ARRAY -> depth++;
                case END_ARRAY -> depth--;
                default -> {
                    skipRest(parser, depth);
                    return false;
                }
            }
        }
        return true;
    }

    private static void skipRest(JsonParser parser, int depth) {
        parser.skipChildren();
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return;
            }
            if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) {
                parser.skipChildren();
            } else if (token == JsonToken.END_ARRAY) {
                depth--;
            }
        }
    }
}
