package dev.kiln.inference.api.rest;

import java.io.ByteArrayOutputStream;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JsonGenerator;

/**
 * An RFC 9457 problem body as Spring MVC writes {@link org.springframework.http.ProblemDetail} here (same fields, same
 * order), with the {@code error} and {@code error_code} fields {@link RestErrors} adds; for the paths served outside
 * Spring MVC.
 */
final class ProblemJson {
    static final String CONTENT_TYPE = "application/problem+json";

    private ProblemJson() {}

    static byte[] write(HttpStatus status, String detail, String errorCode, String instance) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = V2JsonReader.JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringProperty("detail", detail);
            json.writeStringProperty("instance", instance);
            json.writeNumberProperty("status", status.value());
            json.writeStringProperty("title", status.getReasonPhrase());
            json.writeStringProperty("error", detail);
            json.writeStringProperty("error_code", errorCode);
            json.writeEndObject();
        }
        return bytes.toByteArray();
    }
}
