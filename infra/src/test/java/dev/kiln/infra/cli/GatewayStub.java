package dev.kiln.infra.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP server that answers like the gateway does on the routes a test sets (JSON, RFC 9457 problems, an SSE
 * stream), and records what the CLI sent. It checks the CLI's side of the API: the requests it builds and how it
 * reads answers; the real gateway is exercised by the end-to-end tests.
 */
final class GatewayStub implements AutoCloseable {
    record Answer(int status, String contentType, String body) {}

    record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            List<String> values = headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(List.of());
            return values.isEmpty() ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final List<Received> received = new CopyOnWriteArrayList<>();

    GatewayStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code method pathAndQuery} with this JSON. */
    GatewayStub json(String method, String pathAndQuery, int status, String body) {
        answers.put(method + " " + pathAndQuery, new Answer(status, "application/json", body));
        return this;
    }

    /** Answers {@code method pathAndQuery} with an RFC 9457 problem, as the gateway words them. */
    GatewayStub problem(String method, String pathAndQuery, int status, String code, String detail) {
        answers.put(
                method + " " + pathAndQuery,
                new Answer(
                        status,
                        "application/problem+json",
                        "{\"type\":\"https://kiln.dev/problems/x\",\"title\":\"t\",\"status\":" + status
                                + ",\"detail\":\"" + detail + "\",\"error_code\":\"" + code + "\"}"));
        return this;
    }

    /** Answers {@code GET path} with a {@code text/event-stream} of these events (type, JSON data). */
    GatewayStub events(String path, String... typeAndData) {
        StringBuilder body = new StringBuilder(": keep-alive\n\n");
        for (int i = 0; i < typeAndData.length; i += 2) {
            body.append("event:").append(typeAndData[i]).append('\n');
            body.append("data:").append(typeAndData[i + 1]).append("\n\n");
        }
        answers.put("GET " + path, new Answer(200, "text/event-stream", body.toString()));
        return this;
    }

    /** Every request is refused with 401, as the gateway refuses an unknown key. */
    GatewayStub refuseEveryKey() {
        answers.put(
                "*",
                new Answer(
                        401,
                        "application/problem+json",
                        "{\"type\":\"https://kiln.dev/problems/unauthenticated\",\"title\":\"Unauthorized\","
                                + "\"status\":401,\"detail\":\"unknown API key\",\"error_code\":\"UNAUTHENTICATED\"}"));
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String target = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null
                        ? ""
                        : "?" + exchange.getRequestURI().getRawQuery());
        received.add(new Received(exchange.getRequestMethod(), target, Map.copyOf(exchange.getRequestHeaders()), body));
        Answer answer = answers.getOrDefault(
                "*",
                answers.getOrDefault(
                        exchange.getRequestMethod() + " " + target,
                        new Answer(
                                404,
                                "application/problem+json",
                                "{\"status\":404,\"detail\":\"no route " + target
                                        + "\",\"error_code\":\"NOT_FOUND\"}")));
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
