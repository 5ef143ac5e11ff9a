package dev.kiln.inference.api.rest;

import dev.kiln.inference.error.InferenceException;
import dev.kiln.inference.models.ModelRef;
import dev.kiln.inference.serving.InferInput;
import dev.kiln.inference.serving.InferRequest;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an Open Inference Protocol REST request ({@code {"id", "inputs": [{"name", "shape", "datatype", "data"}],
 * "outputs": [{"name"}], "parameters"}}) straight from the body with Jackson's streaming parser: {@code data} may be
 * flat or nested and goes into a float array without boxing. {@code NaN} and {@code Infinity} tokens are read (and
 * refused later with a message that names them) rather than failing as bad JSON.
 */
final class V2JsonReader {
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private V2JsonReader() {}

    static InferRequest read(InputStream body, ModelRef model, long receivedNanos) {
        String id = null;
        List<InferInput> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw InferenceException.invalid("the request body must be a JSON object with \"inputs\"");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "id" -> id = value == JsonToken.VALUE_NULL ? null : parser.getValueAsString();
                    case "inputs" -> readArray(parser, "inputs", () -> inputs.add(readInput(parser)));
                    case "outputs" -> readArray(parser, "outputs", () -> outputs.add(readOutput(parser)));
                    default -> parser.skipChildren();
                }
            }
        } catch (JacksonException e) {
            throw InferenceException.invalid("the request body is not valid JSON: " + e.getOriginalMessage());
        }
        return new InferRequest(model, id, inputs, outputs, "rest", receivedNanos);
    }

    private static InferInput readInput(JsonParser parser) {
        requireObject(parser, "each of \"inputs\"");
        String name = null;
        String datatype = null;
        long[] shape = null;
        FloatList data = null;
        boolean numeric = true;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "name" -> name = parser.getValueAsString();
                case "datatype" -> datatype = parser.getValueAsString();
                case "shape" -> shape = readShape(parser, name);
                case "data" -> {
                    data = new FloatList(shape == null ? 1024 : (int) Math.min(1 << 24, elements(shape)));
                    numeric = JsonNumbers.read(parser, data);
                }
                default -> parser.skipChildren();
            }
        }
        if (name == null) {
            throw InferenceException.invalid("an input has no \"name\"");
        }
        if (data == null) {
            throw InferenceException.invalid("input '" + name + "' has no \"data\"");
        }
        if (!numeric && "FP32".equals(datatype)) {
            throw InferenceException.invalid(
                    "input '" + name + "' has FP32 datatype but its \"data\" holds values that are not numbers");
        }
        return new InferInput(name, datatype, shape, numeric ? data.buffer() : null);
    }

    private static String readOutput(JsonParser parser) {
        requireObject(parser, "each of \"outputs\"");
        String name = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals("name")) {
                name = parser.getValueAsString();
            } else {
                parser.skipChildren();
            }
        }
        if (name == null) {
            throw InferenceException.invalid("a requested output has no \"name\"");
        }
        return name;
    }

    private static long[] readShape(JsonParser parser, String name) {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw InferenceException.invalid("the \"shape\" of input '" + name + "' must be an array of integers");
        }
        List<Long> dims = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw InferenceException.invalid("the \"shape\" of input '" + name + "' must be an array of integers");
            }
            dims.add(parser.getLongValue());
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static void readArray(JsonParser parser, String field, Runnable element) {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw InferenceException.invalid("\"" + field + "\" must be an array");
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            element.run();
        }
    }

    private static void requireObject(JsonParser parser, String what) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw InferenceException.invalid(what + " must be a JSON object");
        }
    }

    private static long elements(long[] shape) {
        long elements = 1;
        for (long dim : shape) {
            elements *= Math.max(0, dim);
        }
        return elements;
    }
}
