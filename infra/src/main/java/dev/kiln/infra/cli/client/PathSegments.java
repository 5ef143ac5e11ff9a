package dev.kiln.infra.cli.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** User input placed in a URL path: percent-encoded so a name cannot change the path. */
final class PathSegments {
    private PathSegments() {}

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
