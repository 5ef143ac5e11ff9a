package dev.kiln.infra.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code host:port} inside a setting's value, such as {@code http://minio:9000} or {@code kafka:9092}. */
record Endpoint(String variable, String host, int port) {
    private static final Pattern HOST_PORT = Pattern.compile("(?<![\\w.-])([a-z][a-z0-9-]*):(\\d{2,5})(?!\\d)");

    /** Every host:port in the values of {@code env}, with the variable it was found in. */
    static List<Endpoint> in(Map<String, String> env) {
        List<Endpoint> endpoints = new ArrayList<>();
        env.forEach((name, value) -> {
            Matcher m = HOST_PORT.matcher(value == null ? "" : value);
            while (m.find()) {
                endpoints.add(new Endpoint(name, m.group(1), Integer.parseInt(m.group(2))));
            }
        });
        return endpoints;
    }
}
