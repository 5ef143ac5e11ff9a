package dev.kiln.inference.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kiln.inference.models.ModelVersionInfo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model registry's REST contract for the inference service, served by the JDK's HTTP server from an
 * {@link InMemoryCatalog}, in the registry's exact JSON shapes (snake_case, 404 problem bodies):
 * {@code GET /api/v1/models/{name}/aliases/{alias}}, {@code GET /api/v1/models/{name}/versions/{version}} and
 * {@code GET /api/v1/models/{name}/versions?status=READY} (newest first). The real registry is exercised end-to-end
 * with the inference service in the e2e module; here it stands in so the inference tests need no PostgreSQL schema.
 */
public final class FakeRegistry implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ALIAS = Pattern.compile("/api/v1/models/([^/]+)/aliases/([^/]+)");
    private static final Pattern VERSION = Pattern.compile("/api/v1/models/([^/]+)/versions/([0-9]+)");
    private static final Pattern VERSIONS = Pattern.compile("/api/v1/models/([^/]+)/versions");

    private final InMemoryCatalog catalog;
    private final HttpServer server;

    public FakeRegistry(InMemoryCatalog catalog) throws IOException {
        this.catalog = catalog;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/models/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Matcher m;
            if ((m = ALIAS.matcher(path)).matches()) {
                Optional<ModelVersionInfo> version = catalog.alias(decode(m.group(1)), decode(m.group(2)));
                respond(exchange, version.map(FakeRegistry::json), "alias " + m.group(2) + " is not set");
            } else if ((m = VERSION.matcher(path)).matches()) {
                Optional<ModelVersionInfo> version = catalog.find(decode(m.group(1)), Integer.parseInt(m.group(2)));
                respond(exchange, version.map(FakeRegistry::json), "no such version");
            } else if ((m = VERSIONS.matcher(path)).matches()) {
                String name = decode(m.group(1));
                String status = query(exchange, "status");
                Optional<Object> list = catalog.knows(name)
                        ? Optional.of(Map.of(
                                "versions",
                                catalog.versions(name).stream()
                                        .filter(v -> status == null || status.equals(v.status()))
                                        .map(FakeRegistry::json)
                                        .toList()))
                        : Optional.empty();
                respond(exchange, list, "model " + name + " is not registered");
            } else {
                respond(exchange, Optional.empty(), "no such resource");
            }
        }
    }

    private static void respond(HttpExchange exchange, Optional<?> body, String notFound) throws IOException {
        byte[] bytes;
        if (body.isPresent()) {
            bytes = JSON.writeValueAsBytes(body.get());
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
        } else {
            bytes = JSON.writeValueAsBytes(Map.of(
                    "type",
                    "about:blank",
                    "title",
                    "Not Found",
                    "status",
                    404,
                    "detail",
                    notFound,
                    "error_code",
                    "NOT_FOUND"));
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(404, bytes.length);
        }
        exchange.getResponseBody().write(bytes);
    }

    /** A version as the registry writes it. */
    private static Map<String, Object> json(ModelVersionInfo v) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", v.name());
        json.put("version", v.version());
        json.put("status", v.status());
        json.put(
                "signature",
                Map.of(
                        "inputs", List.of(Map.of("name", "input", "datatype", "FP32", "shape", List.of(-1, 1, 28, 28))),
                        "outputs",
                                List.of(
                                        Map.of("name", "logits", "datatype", "FP32", "shape", List.of(-1, 10)),
                                        Map.of("name", "probabilities", "datatype", "FP32", "shape", List.of(-1, 10)),
                                        Map.of("name", "label", "datatype", "BYTES", "shape", List.of(-1)))));
        json.put("labels", v.labels());
        json.put(
                "artifacts",
                v.artifacts().stream()
                        .map(a -> Map.of(
                                "file", a.file(), "size_bytes", a.sizeBytes(), "sha256", a.sha256(), "uri", a.uri()))
                        .toList());
        json.put("aliases", v.aliases());
        return json;
    }

    private static String query(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
