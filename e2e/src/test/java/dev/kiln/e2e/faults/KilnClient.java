package dev.kiln.e2e.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The public REST API through the gateway, with the admin key; JSON answers as trees. */
public final class KilnClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final String key;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    KilnClient(String base, String key) {
        this.base = base;
        this.key = key;
    }

    /** An answer: status and body. */
    public record Answer(int status, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    public Answer get(String path) throws Exception {
        return send("GET", path, null);
    }

    public Answer post(String path, String json) throws Exception {
        return send("POST", path, json);
    }

    public Answer put(String path, String json) throws Exception {
        return send("PUT", path, json);
    }

    public Answer send(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .header("Accept", "application/json");
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** Submits a job on Fashion-MNIST (the MLP template) and returns its id. */
    public String submitFashionMnistJob(String name, int epochs, String registerAs) throws Exception {
        Answer answer = post(
                "/api/v1/jobs",
                """
                {"name": "%s", "dataset": "fashion-mnist", "model": {"template": "mlp"},
                 "hyperparameters": {"epochs": %d, "batch_size": 128, "optimizer": "adam", "learning_rate": 0.001,
                                     "seed": 42, "validation_fraction": 0.1},
                 "resources": {"device": "cpu"}, "register_as": "%s"}"""
                        .formatted(name, epochs, registerAs));
        if (answer.status() != 202) {
            throw new AssertionError("job not accepted: " + answer);
        }
        return answer.json().get("id").asString();
    }

    /** Polls {@code path} until its JSON satisfies {@code done}; fails with the last answer after the timeout. */
    public JsonNode await(String path, Predicate<JsonNode> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Answer last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get(path);
                if (last.status() == 200 && done.test(last.json())) {
                    return last.json();
                }
            } catch (java.io.IOException e) {
                last = new Answer(-1, e.toString());
            }
            Thread.sleep(500);
        }
        throw new AssertionError(path + " did not reach the expected state in " + timeout + "; last answer: " + last);
    }

    /** Waits until the job has ended, and returns it. */
    public JsonNode awaitJobEnded(String jobId, Duration timeout) throws Exception {
        return await(
                "/api/v1/jobs/" + jobId,
                job -> job.path("status").asString("").matches("SUCCEEDED|FAILED|CANCELLED"),
                timeout);
    }

    /** Waits for the job to succeed and its model version to be READY; returns the version number. */
    public int awaitReadyVersion(String jobId, Duration timeout) throws Exception {
        JsonNode job = await(
                "/api/v1/jobs/" + jobId,
                j -> j.path("status").asString("").matches("FAILED|CANCELLED")
                        || "READY".equals(j.path("model_version").path("status").asString("")),
                timeout);
        if (!"SUCCEEDED".equals(job.path("status").asString())) {
            throw new AssertionError("job " + jobId + " did not succeed: " + job);
        }
        return job.path("model_version").path("version").asInt();
    }

    /** Trains the MLP on Fashion-MNIST for one epoch as {@code model}; returns the READY version. */
    public int trainVersion(String model) throws Exception {
        return awaitReadyVersion(submitFashionMnistJob(model + "-job", 1, model), Duration.ofMinutes(5));
    }

    /** Points {@code production} at a version. */
    public void promote(String model, int version) throws Exception {
        Answer answer = put("/api/v1/models/" + model + "/aliases/production", "{\"version\": " + version + "}");
        if (answer.status() / 100 != 2) {
            throw new AssertionError("promotion refused: " + answer);
        }
    }

    static JsonMapper json() {
        return JSON;
    }
}
