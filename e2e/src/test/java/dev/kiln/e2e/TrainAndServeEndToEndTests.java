package dev.kiln.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference flow, through the gateway of a stack started with {@code ./kiln up}: train the {@code mlp} template
 * on Fashion-MNIST, promote the new version to {@code production}, and predict the first test image over the Open
 * Inference Protocol: "Predicted: Ankle boot, Actual: Ankle boot".
 */
class TrainAndServeEndToEndTests {
    private static final Path REPOSITORY =
            Path.of(System.getProperty("kiln.repository", "..")).toAbsolutePath();
    private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    private static final String[] CLASSES = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"
    };

    @TempDir
    Path home;

    private KilnScript kiln;
    private final HttpClient http = HttpClient.newHttpClient();
    private String key;

    @AfterEach
    void stop() throws Exception {
        if (kiln != null) {
            kiln.run("down");
        }
    }

    @Test
    void trainsPromotesAndPredictsTheFirstFashionMnistTestImage() throws Exception {
        kiln = new KilnScript(REPOSITORY, home);
        KilnScript.Result up = kiln.run("up", "--detach");
        assertThat(up.exitCode()).as(up.stdout() + up.stderr()).isZero();
        key = Files.readString(home.resolve("api-key")).strip();

        awaitStatus("/api/v1/datasets/fashion-mnist", 200, Duration.ofSeconds(60));

        HttpResponse<String> submitted = send(
                "POST",
                "/api/v1/jobs",
                """
                {"name": "e2e-mlp", "dataset": "fashion-mnist", "model": {"template": "mlp"},
                 "hyperparameters": {"epochs": 1, "batch_size": 128, "optimizer": "adam", "learning_rate": 0.001,
                                     "seed": 42, "validation_fraction": 0.1},
                 "resources": {"device": "cpu"}, "register_as": "e2e-fmnist"}""");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String location = submitted.headers().firstValue("Location").orElseThrow();

        String job = awaitJobFinished(location, Duration.ofMinutes(6));
        assertThat(field(job, "status")).as(job).isEqualTo("SUCCEEDED");
        double accuracy = Double.parseDouble(field(job, "test_accuracy"));
        assertThat(accuracy).as("test accuracy after one epoch").isGreaterThan(0.80);
        String version = awaitVersion(location, Duration.ofSeconds(60));

        HttpResponse<String> promoted =
                send("PUT", "/api/v1/models/e2e-fmnist/aliases/production", "{\"version\": " + version + "}");
        assertThat(promoted.statusCode()).as(promoted.body()).isBetween(200, 204);

        float[] pixels = firstTestImage();
        int actual = firstTestLabel();
        StringBuilder data = new StringBuilder();
        for (float p : pixels) {
            data.append(data.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", p));
        }
        HttpResponse<String> inferred = send(
                "POST",
                "/v2/models/e2e-fmnist/infer",
                """
                {"inputs": [{"name": "input", "shape": [1, 1, 28, 28], "datatype": "FP32", "data": [%s]}]}"""
                        .formatted(data));
        assertThat(inferred.statusCode()).as(inferred.body()).isEqualTo(200);
        Matcher label = Pattern.compile("\"name\"\\s*:\\s*\"label\".*?\"data\"\\s*:\\s*\\[\\s*\"([^\"]+)\"")
                .matcher(inferred.body());
        assertThat(label.find()).as(inferred.body()).isTrue();
        System.out.println("Predicted: " + label.group(1) + ", Actual: " + CLASSES[actual]);
        assertThat(label.group(1)).isEqualTo(CLASSES[actual]);
    }

    private String awaitJobFinished(String location, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = send("GET", location, null).body();
            if (body.matches("(?s).*\"status\"\\s*:\\s*\"(SUCCEEDED|FAILED|CANCELLED)\".*")) {
                return body;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("job did not finish in " + timeout + ": " + body);
    }

    /** The registered version once it is READY (registration copies and checks the artifacts after the job ends). */
    private String awaitVersion(String location, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Pattern version = Pattern.compile("\"model_version\"\\s*:\\s*(\\{[^}]*\\})");
        Pattern number = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");
        String body = "";
        while (System.nanoTime() < deadline) {
            body = send("GET", location, null).body();
            Matcher m = version.matcher(body);
            if (m.find() && m.group(1).matches("(?s).*\"status\"\\s*:\\s*\"READY\".*")) {
                Matcher n = number.matcher(m.group(1));
                assertThat(n.find()).as(body).isTrue();
                return n.group(1);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no READY model_version on the job after " + timeout + ": " + body);
    }

    private void awaitStatus(String path, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> response = null;
        while (System.nanoTime() < deadline) {
            response = send("GET", path, null);
            if (response.statusCode() == status) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + kiln.port("GATEWAY") + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .header("Accept", "application/json");
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]+)").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static float[] firstTestImage() throws Exception {
        try (DataInputStream in = idx("t10k-images-idx3-ubyte.gz")) {
            in.readInt();
            in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            float[] pixels = new float[rows * cols];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = in.readUnsignedByte() / 255f;
            }
            return pixels;
        }
    }

    private static int firstTestLabel() throws Exception {
        try (DataInputStream in = idx("t10k-labels-idx1-ubyte.gz")) {
            in.readInt();
            in.readInt();
            return in.readUnsignedByte();
        }
    }

    private static DataInputStream idx(String file) throws Exception {
        InputStream raw = Files.newInputStream(FASHION_MNIST.resolve(file));
        return new DataInputStream(new GZIPInputStream(raw));
    }
}
