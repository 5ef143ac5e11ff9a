package dev.kiln.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A local stack started with {@code ./kiln up --detach} for the bad-input and security tests, with its admin key, a
 * small model trained on Fashion-MNIST through the gateway (a real job and a real prediction), and the calls those
 * tests share: health of every service, and how many jobs, models, versions and data sets exist.
 */
final class BadInputStack implements AutoCloseable {
    static final Path REPOSITORY =
            Path.of(System.getProperty("kiln.repository", "..")).toAbsolutePath();
    static final String MODEL = "bad-input-probe";
    static final Map<String, String> SERVICES = Map.of(
            "gateway",
            "GATEWAY",
            "model-registry",
            "REGISTRY",
            "inference-service",
            "INFERENCE",
            "training-service",
            "TRAINING");
    private static final ObjectMapper JSON = new ObjectMapper();

    final KilnScript kiln;
    final Path home;
    final String key;
    final KilnScript.Result up;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    BadInputStack(Path home) throws Exception {
        this.home = home;
        this.kiln = new KilnScript(REPOSITORY, home);
        this.up = kiln.run("up", "--detach");
        if (up.exitCode() != 0) {
            throw new IllegalStateException("./kiln up failed: " + up.stdout() + up.stderr());
        }
        this.key = Files.readString(home.resolve("api-key")).strip();
    }

    /** Trains Flatten → Linear(10) for one epoch and waits until its version is READY; returns the job resource. */
    JsonNode trainProbeModel() throws Exception {
        awaitStatus(kiln.port("GATEWAY"), "/api/v1/datasets/fashion-mnist", 200, Duration.ofSeconds(60));
        HttpResponse<String> submitted = send(
                kiln.port("GATEWAY"),
                "POST",
                "/api/v1/jobs",
                "application/json",
                """
                {"name": "bad-input-probe", "dataset": "fashion-mnist",
                 "model": {"input": {"shape": [1, 28, 28]},
                           "layers": [{"type": "Flatten"}, {"type": "Linear", "out_features": 10}]},
                 "hyperparameters": {"epochs": 1, "batch_size": 256, "seed": 7},
                 "resources": {"device": "cpu"}, "register_as": "%s"}"""
                        .formatted(MODEL)
                        .getBytes());
        if (submitted.statusCode() != 202) {
            throw new IllegalStateException("job refused: " + submitted.body());
        }
        String location = submitted.headers().firstValue("Location").orElseThrow();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        JsonNode job = null;
        while (System.nanoTime() < deadline) {
            job = JSON.readTree(
                    send(kiln.port("GATEWAY"), "GET", location, null, null).body());
            String status = job.path("status").asText();
            if (status.equals("FAILED") || status.equals("CANCELLED")) {
                throw new IllegalStateException("the probe job ended " + status + ": " + job);
            }
            if (job.path("model_version").path("status").asText().equals("READY")) {
                return job;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the probe model was not READY in 5 minutes: " + job);
    }

    HttpResponse<String> send(int port, String method, String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        return send(port, method, path, contentType, body, key);
    }

    HttpResponse<String> send(int port, String method, String path, String contentType, byte[] body, String bearer)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    void awaitStatus(int port, String path, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> response = null;
        while (System.nanoTime() < deadline) {
            response = send(port, "GET", path, null, null);
            if (response.statusCode() == status) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
    }

    /** Each service's {@code /actuator/health} status ("UP" when healthy, else what it answered). */
    Map<String, String> health() {
        Map<String, String> health = new LinkedHashMap<>();
        SERVICES.forEach((service, part) -> {
            try {
                HttpResponse<String> r = send(kiln.port(part), "GET", "/actuator/health", null, null, null);
                health.put(
                        service,
                        r.statusCode() == 200
                                ? JSON.readTree(r.body()).path("status").asText()
                                : "HTTP " + r.statusCode());
            } catch (Exception e) {
                health.put(service, e.toString());
            }
        });
        return health;
    }

    /** How many jobs, models, versions of the probe model and data sets the registry holds. */
    Map<String, Integer> counts() throws Exception {
        int gateway = kiln.port("GATEWAY");
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("jobs", array(send(gateway, "GET", "/api/v1/jobs?limit=100", null, null), "jobs"));
        counts.put("models", array(send(gateway, "GET", "/api/v1/models?limit=500", null, null), "models"));
        counts.put(
                "versions of " + MODEL,
                array(send(gateway, "GET", "/api/v1/models/" + MODEL + "/versions", null, null), "versions"));
        counts.put("datasets", array(send(gateway, "GET", "/api/v1/datasets", null, null), "datasets"));
        return counts;
    }

    private static int array(HttpResponse<String> response, String field) throws IOException {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("listing " + field + " answered " + response.body());
        }
        return JSON.readTree(response.body()).path(field).size();
    }

    /** Stops the stack, keeping its logs under {@code target/<name>-logs} for whoever reads a failure. */
    void close(String name) throws Exception {
        try {
            kiln.run("down");
        } finally {
            Path kept = Path.of("target", name + "-logs");
            Files.createDirectories(kept);
            try (var logs = Files.list(home.resolve("logs"))) {
                for (Path log : logs.toList()) {
                    Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        kiln.run("down");
    }
}
