package dev.kiln.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A real HTTP server (the JDK's) standing in for the model registry or an inference replica: it records every request
 * ("METHOD /path") and answers either what a test set for the path ({@link #answer}) or "{name} {path}" with 200.
 * {@link #hang} makes it accept requests and never answer, like a stuck service.
 */
public final class StandInUpstream {
    public final List<String> seen = new CopyOnWriteArrayList<>();
    private final String name;
    private final HttpServer server;
    private final Map<String, String[]> answers = new ConcurrentHashMap<>();
    private final Map<String, Supplier<String>> computed = new ConcurrentHashMap<>();
    private final Map<String, Map<String, List<String>>> headers = new ConcurrentHashMap<>();
    private volatile boolean hang;

    public StandInUpstream(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answer GETs of this exact path with this status and JSON body. */
    public void answer(String path, int status, String json) {
        answers.put(path, new String[] {String.valueOf(status), json});
    }

    /** Answer GETs of this exact path with 200 and the JSON the supplier computes at that moment. */
    public void answer(String path, Supplier<String> json) {
        computed.put(path, json);
    }

    public void hang(boolean hang) {
        this.hang = hang;
    }

    public void stop() {
        server.stop(0);
    }

    /** The headers of the last "METHOD /path" request it saw (names as the JDK server normalises them). */
    public Map<String, List<String>> headersOf(String request) {
        return headers.getOrDefault(request, Map.of());
    }

    /** How many requests it saw for this "METHOD /path". */
    public long count(String request) {
        return seen.stream().filter(request::equals).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        exchange.getRequestBody().readAllBytes();
        seen.add(exchange.getRequestMethod() + " " + path);
        headers.put(exchange.getRequestMethod() + " " + path, Map.copyOf(exchange.getRequestHeaders()));
        if (hang) {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        Supplier<String> supplier = computed.get(path);
        String[] answer = supplier == null ? answers.get(path) : new String[] {"200", supplier.get()};
        int status = answer == null ? 200 : Integer.parseInt(answer[0]);
        byte[] body = (answer == null ? name + " " + path : answer[1]).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer == null ? "text/plain" : "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
