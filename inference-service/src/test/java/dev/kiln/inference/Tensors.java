package dev.kiln.inference;

import java.util.Arrays;
import tools.jackson.databind.JsonNode;

/** Test helpers that write and read tensor data as the protocol's JSON. */
final class Tensors {
    private Tensors() {}

    /** {@code rows} samples of 1×28×28 as nested JSON arrays, {@code [[[[…28…]×28]]]×rows}. */
    static String nested(float[] data, int rows) {
        StringBuilder json = new StringBuilder(data.length * 10);
        json.append('[');
        for (int r = 0; r < rows; r++) {
            json.append(r == 0 ? "" : ",").append("[[");
            for (int y = 0; y < 28; y++) {
                json.append(y == 0 ? "" : ",").append('[');
                for (int x = 0; x < 28; x++) {
                    json.append(x == 0 ? "" : ",").append(data[r * 784 + y * 28 + x]);
                }
                json.append(']');
            }
            json.append("]]");
        }
        return json.append(']').toString();
    }

    static String flat(float[] data) {
        StringBuilder json = new StringBuilder(data.length * 10).append('[');
        for (int i = 0; i < data.length; i++) {
            json.append(i == 0 ? "" : ",").append(data[i]);
        }
        return json.append(']').toString();
    }

    static String inferBody(String id, String data, int rows, String... outputs) {
        String requested = outputs.length == 0
                ? ""
                : ",\"outputs\":["
                        + String.join(
                                ",",
                                Arrays.stream(outputs)
                                        .map(o -> "{\"name\":\"" + o + "\"}")
                                        .toList())
                        + "]";
        return "{\"id\":\"" + id + "\",\"inputs\":[{\"name\":\"input\",\"shape\":[" + rows
                + ",1,28,28],\"datatype\":\"FP32\",\"data\":" + data + "}]" + requested + "}";
    }

    static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).floatValue();
        }
        return values;
    }

    static JsonNode output(JsonNode response, String name) {
        for (JsonNode output : response.get("outputs")) {
            if (output.get("name").asString().equals(name)) {
                return output;
            }
        }
        throw new AssertionError("no output " + name + " in " + response);
    }
}
