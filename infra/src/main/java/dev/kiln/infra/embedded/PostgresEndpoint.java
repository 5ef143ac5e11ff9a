package dev.kiln.infra.embedded;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL database as services reach it over JDBC. {@link #parse} accepts the two forms people paste:
 * {@code postgresql://user:password@host:5432/kiln} and {@code jdbc:postgresql://host:5432/kiln?user=…&password=…}.
 */
public record PostgresEndpoint(String jdbcUrl, String user, String password) {

    static final String EXPECTED =
            "expected postgresql://user:password@host:5432/database or jdbc:postgresql://host:5432/database?user=…&password=…";

    public static PostgresEndpoint parse(String setting, String value) {
        String url = value == null ? "" : value.trim();
        String withoutJdbc = url.startsWith("jdbc:") ? url.substring(5) : url;
        URI uri;
        try {
            uri = new URI(withoutJdbc);
        } catch (Exception e) {
            throw invalid(setting, value, "it is not a URL");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw invalid(setting, value, "the scheme must be postgresql");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid(setting, value, "it names no host");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw invalid(setting, value, "it names no database");
        }
        Map<String, String> query = query(uri.getRawQuery());
        String user = query.remove("user");
        String password = query.remove("password");
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : password;
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://" + uri.getHost() + ":" + port + path);
        if (!query.isEmpty()) {
            jdbc.append('?');
            query.forEach((k, v) -> jdbc.append(k).append('=').append(v).append('&'));
            jdbc.setLength(jdbc.length() - 1);
        }
        return new PostgresEndpoint(
                jdbc.toString(), user == null ? "postgres" : user, password == null ? "" : password);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        return params;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException invalid(String setting, String value, String why) {
        return new IllegalArgumentException(setting + " '" + value + "' is not usable: " + why + "; " + EXPECTED);
    }

    @Override
    public String toString() {
        return "PostgresEndpoint[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***]";
    }
}
