package dev.kiln.e2e.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.StringJoiner;

/** One Open Inference Protocol request for a 1×28×28 image, sent to a fixed URL; a success is a 200. */
public final class InferCall implements LoadDriver.Call {
    private final HttpClient http;
    private final HttpRequest request;

    public InferCall(String baseUrl, String model, String apiKey) {
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        this.request = HttpRequest.newBuilder(URI.create(baseUrl + "/v2/models/" + model + "/infer"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body()))
                .build();
    }

    /** A random image (seeded), as the request body. */
    public static String body() {
        Random random = new Random(7);
        StringJoiner data = new StringJoiner(",");
        for (int i = 0; i < 28 * 28; i++) {
            data.add(String.format(Locale.ROOT, "%.3f", random.nextFloat()));
        }
        return "{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 1, 28, 28], \"datatype\": \"FP32\", \"data\": ["
                + data + "]}]}";
    }

    /** The answer to one request: status and body. */
    public HttpResponse<String> send() throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** True on a 200; any other answer is thrown with its status and the start of its body (for the report). */
    @Override
    public boolean call() throws Exception {
        HttpResponse<String> response = send();
        if (response.statusCode() != 200) {
            String body = response.body();
            throw new IllegalStateException(
                    response.statusCode() + " " + body.substring(0, Math.min(160, body.length())));
        }
        return true;
    }
}
