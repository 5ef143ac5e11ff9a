package dev.kiln.inference.api.rest;

import java.nio.charset.StandardCharsets;
import org.springframework.web.util.UriUtils;

/**
 * The model (and version) named by an Open Inference Protocol infer path, {@code /v2/models/{model}/infer} or
 * {@code /v2/models/{model}/versions/{version}/infer}; each segment percent-decoded, as Spring MVC would.
 *
 * @param model the model segment ({@code name} or {@code name@alias})
 * @param version the version segment, or null
 */
record InferPath(String model, String version) {
    private static final String PREFIX = "/v2/models/";
    private static final String SUFFIX = "/infer";
    private static final String VERSIONS = "/versions/";

    /** The infer path's parts, or null when {@code path} (without the context path) is not an infer path. */
    static InferPath match(String path) {
        if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX)) {
            return null;
        }
        String middle = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
        int slash = middle.indexOf('/');
        if (slash < 0) {
            return middle.isEmpty() ? null : new InferPath(decode(middle), null);
        }
        String model = middle.substring(0, slash);
        String rest = middle.substring(slash);
        if (model.isEmpty() || !rest.startsWith(VERSIONS)) {
            return null;
        }
        String version = rest.substring(VERSIONS.length());
        if (version.isEmpty() || version.indexOf('/') >= 0) {
            return null;
        }
        return new InferPath(decode(model), decode(version));
    }

    private static String decode(String segment) {
        return segment.indexOf('%') < 0 ? segment : UriUtils.decode(segment, StandardCharsets.UTF_8);
    }
}
