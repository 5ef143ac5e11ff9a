package dev.kiln.gateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events client on the JDK's HttpClient: parses {@code event:}, {@code id:}, {@code data:} lines into
 * events without a thread of its own, counts comment lines, and completes when the server ends the stream.
 */
public final class SseStream implements Flow.Subscriber<String> {
    /** One SSE event. */
    public record Event(String event, String id, String data) {}

    private final List<Event> events = new ArrayList<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private String event;
    private String id;
    private StringBuilder data;
    private int comments;
    private CompletableFuture<HttpResponse<Void>> response;

    public static SseStream open(HttpClient http, URI uri, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        SseStream stream = new SseStream();
        stream.response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.fromLineSubscriber(stream));
        stream.response.whenComplete((r, e) -> {
            if (e != null) {
                stream.done.completeExceptionally(e);
            } else {
                stream.done.complete(null);
            }
        });
        return stream;
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    public synchronized int size() {
        return events.size();
    }

    public synchronized int comments() {
        return comments;
    }

    public boolean isDone() {
        return done.isDone();
    }

    /** Waits for the server to end the stream. */
    public void awaitEnd(Duration timeout) throws Exception {
        done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until at least n events arrived. */
    public void awaitEvents(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (size() < n && System.nanoTime() < deadline && !done.isDone()) {
            Thread.sleep(10);
        }
    }

    public void cancel() {
        Flow.Subscription s;
        synchronized (this) {
            s = subscription;
        }
        if (s != null) {
            s.cancel();
        }
        response.cancel(true);
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public synchronized void onNext(String line) {
        if (line.isEmpty()) {
            if (data != null || event != null) {
                events.add(new Event(event, id, data == null ? null : data.toString()));
            }
            event = null;
            id = null;
            data = null;
        } else if (line.startsWith(":")) {
            comments++;
        } else if (line.startsWith("event:")) {
            event = value(line, 6);
        } else if (line.startsWith("id:")) {
            id = value(line, 3);
        } else if (line.startsWith("data:")) {
            data = data == null
                    ? new StringBuilder(value(line, 5))
                    : data.append('\n').append(value(line, 5));
        }
    }

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}

    private static String value(String line, int from) {
        String value = line.substring(from);
        return value.startsWith(" ") ? value.substring(1) : value;
    }
}
