package dev.kiln.gateway.jobs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server in the model registry's place, answering as the registry does: data set {@code fashion-mnist},
 * data set {@code broken} (a 500), job {@code running-job} (RUNNING), job {@code finished-job} (SUCCEEDED), and a
 * 404 problem for anything else.
 */
final class StandInRegistry {
    static final String FASHION_MNIST = "{\"name\":\"fashion-mnist\",\"format\":\"idx\",\"input_shape\":[1,28,28],"
            + "\"num_classes\":10,\"class_names\":[\"T-shirt/top\",\"Trouser\",\"Pullover\",\"Dress\",\"Coat\","
            + "\"Sandal\",\"Shirt\",\"Sneaker\",\"Bag\",\"Ankle boot\"],\"splits\":{\"train\":{\"count\":60000},"
            + "\"test\":{\"count\":10000}}}";

    final List<String> seen = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    StandInRegistry() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        seen.add(exchange.getRequestMethod() + " " + path);
        switch (path) {
            case "/api/v1/datasets/fashion-mnist" -> reply(exchange, 200, FASHION_MNIST);
            case "/api/v1/datasets/broken" -> reply(exchange, 500, "{\"error_code\":\"INTERNAL\"}");
            case "/api/v1/jobs/running-job" -> reply(exchange, 200, "{\"id\":\"running-job\",\"status\":\"RUNNING\"}");
            case "/api/v1/jobs/finished-job" ->
                reply(exchange, 200, "{\"id\":\"finished-job\",\"status\":\"SUCCEEDED\"}");
            case "/api/v1/jobs" -> reply(exchange, 200, "{\"jobs\":[]}");
            default -> reply(exchange, 404, "{\"status\":404,\"error_code\":\"NOT_FOUND\"}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
