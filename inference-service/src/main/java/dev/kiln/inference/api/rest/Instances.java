package dev.kiln.inference.api.rest;

import dev.kiln.inference.error.InferenceException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/** Reads {@code {"instances": [sample, …]}}, each sample a flat or nested array of the model's sample size. */
final class Instances {
    private Instances() {}

    static FloatBuffer read(InputStream body, long sampleSize) {
        FloatList values = new FloatList(1024);
        int count = 0;
        try (JsonParser parser = V2JsonReader.JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw InferenceException.invalid("the body must be a JSON object {\"instances\": [[...], ...]}");
            }
            boolean found = false;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (!field.equals("instances")) {
                    parser.skipChildren();
                    continue;
                }
                found = true;
                if (parser.currentToken() != JsonToken.START_ARRAY) {
                    throw InferenceException.invalid("\"instances\" must be an array of samples");
                }
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    int before = values.size();
                    if (!JsonNumbers.read(parser, values)) {
                        throw InferenceException.invalid("instance " + count + " holds values that are not numbers");
                    }
                    if (values.size() - before != sampleSize) {
                        throw InferenceException.invalid("instance " + count + " has " + (values.size() - before)
                                + " values; the model takes " + sampleSize + " per instance");
                    }
                    count++;
                }
            }
            if (!found || count == 0) {
                throw InferenceException.invalid("the body has no instances; send {\"instances\": [[...], ...]}");
            }
        } catch (JacksonException e) {
            throw InferenceException.invalid("the request body is not valid JSON: " + e.getOriginalMessage());
        }
        return values.buffer();
    }
}
