package dev.kiln.registry.api;

import java.util.List;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;

/** Says what is wrong with an unreadable JSON body in the client's terms (field path, not Java types). */
final class JsonProblems {
    private JsonProblems() {}

    static String describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JacksonException jackson) {
            String path = path(jackson.getPath());
            String what = jackson.getOriginalMessage() == null ? "" : firstLine(jackson.getOriginalMessage());
            // Jackson names Java types in its messages: keep only the part before the first class reference.
            int javaType = what.indexOf("`");
            if (javaType > 0) {
                what = what.substring(0, javaType).trim();
            }
            return "request body is not valid: " + (path.isEmpty() ? "" : "field " + path + ": ") + what;
        }
        return "request body is missing or is not valid JSON";
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

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
}
