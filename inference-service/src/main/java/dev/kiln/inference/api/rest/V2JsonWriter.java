package dev.kiln.inference.api.rest;

import dev.kiln.inference.serving.InferOutput;
import dev.kiln.inference.serving.InferResponse;
import java.io.ByteArrayOutputStream;
import tools.jackson.core.JsonGenerator;

/** Writes an inference response with Jackson's streaming generator (floats written as floats, no boxing). */
final class V2JsonWriter {
    private V2JsonWriter() {}

    static byte[] write(InferResponse response) {
        int estimate = 128;
        for (InferOutput output : response.outputs()) {
            estimate += 64 + (output.fp32() != null ? output.fp32().length * 12 : output.strings().length * 16);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(estimate);
        try (JsonGenerator json = V2JsonReader.JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringProperty("model_name", response.modelName());
            json.writeStringProperty("model_version", response.modelVersion());
            if (response.id() != null) {
                json.writeStringProperty("id", response.id());
            }
            json.writeName("outputs");
            json.writeStartArray();
            for (InferOutput output : response.outputs()) {
                json.writeStartObject();
                json.writeStringProperty("name", output.name());
                json.writeStringProperty("datatype", output.datatype());
                json.writeName("shape");
                json.writeArray(output.shape(), 0, output.shape().length);
                json.writeName("data");
                json.writeStartArray();
                if (output.fp32() != null) {
                    for (float value : output.fp32()) {
                        json.writeNumber(value);
                    }
                } else {
                    for (String value : output.strings()) {
                        json.writeString(value);
                    }
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return bytes.toByteArray();
    }
}
