package dev.kiln.infra.cli.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's public REST API over {@link HttpClient}: JSON in and out, the API key as a bearer token, and every
 * failure turned into a {@link CliFailure} with one line and the exit code scripts rely on.
 */
public final class GatewayClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private final URI base;
    private final GatewayOptions.ApiKey key;
    private final HttpClient http;

    GatewayClient(URI base, GatewayOptions.ApiKey key) {
        this.base = base;
        this.key = key;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                // plain HTTP/1.1: no h2c upgrade attempt on http:// URLs, and SSE reads line by line
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI base() {
        return base;
    }

    /** {@code GET path}, its JSON answer. */
    public JsonNode get(String path) {
        return json(send(request(path).GET().header("Accept", "application/json"), path));
    }

    /** {@code method path} with a JSON body (or none when null), its JSON answer (or an empty object). */
    public JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = request(path).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.compact(body)));
        }
        return json(send(request, path));
    }

    /** {@code POST path} with a body of the given media type, its JSON answer. */
    public JsonNode post(String path, String contentType, HttpRequest.BodyPublisher body) {
        return json(send(
                request(path)
                        .header("Accept", "application/json")
                        .header("Content-Type", contentType)
                        .POST(body),
                path));
    }

    /** The lines of a {@code text/event-stream} answer, read as they arrive; close the stream when done. */
    public Stream<String> eventStream(String path) {
        // no request timeout: a job's stream stays open for as long as it trains (the gateway sends keep-alives)
        HttpRequest.Builder request = request(path, null).header("Accept", "text/event-stream");
        HttpResponse<Stream<String>> response = exchange(request.GET(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            String text;
            try (Stream<String> lines = response.body()) {
                text = String.join("\n", lines.limit(50).toList());
            }
            throw refusal(response.statusCode(), text, path);
        }
        return response.body();
    }

    private HttpRequest.Builder request(String path) {
        return request(path, REQUEST_TIMEOUT);
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (timeout != null) {
            request.timeout(timeout);
        }
        if (key.present()) {
            request.header("Authorization", "Bearer " + key.token());
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String path) {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            throw refusal(response.statusCode(), response.body(), path);
        }
        return response;
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.build(), handler);
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("no connection within " + CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw unreachable("no answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            throw unreachable("connection refused");
        } catch (IOException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            if (cause instanceof UnresolvedAddressException) {
                throw unreachable("unknown host " + base.getHost());
            }
            String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            throw unreachable(Messages.firstLine(reason));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        }
    }

    private CliFailure unreachable(String reason) {
        return new CliFailure(
                ExitCodes.UNREACHABLE,
                "cannot reach the gateway at " + base + " (" + reason + "); is it running? try ./kiln status");
    }

    CliFailure refusal(int status, String body, String path) {
        String detail = detail(body).orElse(null);
        if (status == 401) {
            if (!key.present()) {
                return new CliFailure(
                        ExitCodes.REFUSED_KEY,
                        "the gateway wants an API key (401) and none was found: pass --api-key, set KILN_API_KEY, or"
                                + " start the local stack (./kiln up), which writes " + key.source());
            }
            return new CliFailure(
                    ExitCodes.REFUSED_KEY,
                    "the gateway refused the API key from " + key.source() + " (401"
                            + (detail == null ? "" : ": " + detail)
                            + "); set KILN_API_KEY or check $KILN_HOME/api-key");
        }
        if (status == 403) {
            return new CliFailure(
                    ExitCodes.REFUSED_KEY,
                    "the API key from " + key.source() + " may not do this (403"
                            + (detail == null ? "" : ": " + detail)
                            + "); use a key with that scope");
        }
        String what = detail != null ? detail : "the gateway answered " + status + " to " + path;
        return new CliFailure(ExitCodes.FAILED, what + " (" + status + ")", status);
    }

    /** The {@code detail} (or {@code error}, {@code title}) of a problem body, or its first line of text. */
    static Optional<String> detail(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        Optional<JsonNode> json = Json.tryParse(body);
        if (json.isPresent()) {
            for (String field : new String[] {"detail", "error", "title", "message"}) {
                JsonNode value = json.get().get(field);
                if (value != null && value.isString() && !value.asString().isBlank()) {
                    return Optional.of(Messages.firstLine(value.asString()));
                }
            }
        }
        String text = Messages.firstLine(body.strip());
        return Optional.of(text.length() > 200 ? text.substring(0, 200) + "…" : text);
    }

    private static JsonNode json(HttpResponse<String> response) {
        String body = response.body();
        if (body == null || body.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        return Json.tryParse(body)
                .orElseThrow(() -> CliFailure.failed(
                        "the gateway at " + response.uri() + " did not answer JSON; is --url a Kiln gateway?"));
    }
}
