package dev.kiln.inference.bench;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.ModelAliasChanged;
import dev.kiln.inference.InferenceApplication;
import dev.kiln.inference.support.FakeRegistry;
import dev.kiln.inference.support.FashionMnist;
import dev.kiln.inference.support.InMemoryCatalog;
import dev.kiln.inference.support.ModelShelf;
import dev.kiln.infra.embedded.S3Endpoint;
import dev.kiln.infra.testing.InfrastructureEndpoints;
import dev.kiln.infra.testing.KilnInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The inference side of the platform figures, on the embedded Kafka and S3 with two inference replicas in this JVM:
 * cold model load (the first request for a model version: registry lookup, download, sha256, ONNX Runtime session,
 * answer) and alias change (from publishing {@code ModelAliasChanged} until every replica answers from the new
 * version). Prints markdown table rows {@code | figure | value | goal |}. Not a test.
 */
public final class PlatformBenchmark {
    private static final String MODEL = "platform";
    private static final Pattern VERSION = Pattern.compile("\"model_version\"\\s*:\\s*\"(\\d+)\"");

    private PlatformBenchmark() {}

    public static void main(String[] args) {
        BenchmarkMain.run(PlatformBenchmark::run);
    }

    private static void run() throws Exception {
        System.setProperty("OPT_OUT_TRACKING", "true");
        int rounds = Integer.getInteger("bench.rounds", 3);
        InfrastructureEndpoints infra = KilnInfrastructure.endpoints();
        InMemoryCatalog catalog = new InMemoryCatalog();
        FakeRegistry registry = new FakeRegistry(catalog);
        S3Endpoint s3 = infra.s3();
        ModelShelf shelf = ModelShelf.onS3(catalog, s3);
        for (int v = 1; v <= rounds + 1; v++) {
            shelf.register(MODEL, v, 100L + v);
        }
        catalog.setAlias(MODEL, "production", 1);
        List<ConfigurableApplicationContext> replicas = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Map<String, String> properties = new HashMap<>(infra.springProperties("inference"));
            properties.put("kiln.inference.registry-url", registry.url());
            properties.put("kiln.inference.grpc-port", "0");
            properties.put("server.port", "0");
            properties.put("logging.level.root", "WARN");
            ConfigurableApplicationContext app = new SpringApplicationBuilder(InferenceApplication.class)
                    .run(properties.entrySet().stream()
                            .map(e -> "--" + e.getKey() + "=" + e.getValue())
                            .toArray(String[]::new));
            replicas.add(app);
            ports.add(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
        }
        HttpClient http = HttpClient.newHttpClient();
        byte[] body = body();
        // warm each replica's HTTP path on another model-less endpoint, so the cold load measures the model
        for (int port : ports) {
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/health/ready"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        List<Double> cold = new ArrayList<>();
        for (int v = 1; v <= rounds; v++) {
            long start = System.nanoTime();
            int answered = version(http, ports.get(0), MODEL + "/versions/" + v, body);
            cold.add((System.nanoTime() - start) / 1e6);
            if (answered != v) {
                throw new IllegalStateException("asked for version " + v + ", answered " + answered);
            }
        }
        for (int port : ports) {
            version(http, port, MODEL, body); // both serve production (version 1), loaded
        }
        Thread.sleep(3000); // the replicas' event consumers join their groups and reach the end of the topic
        List<Double> switches = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int v = 2; v <= rounds + 1; v++) {
                catalog.setAlias(MODEL, "production", v);
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(
                                Topics.MODEL_EVENTS,
                                MODEL,
                                EventCodec.toJson(ModelAliasChanged.of(MODEL, "production", v, v - 1))))
                        .get(10, TimeUnit.SECONDS);
                long deadline = start + TimeUnit.SECONDS.toNanos(30);
                boolean[] switched = new boolean[ports.size()];
                int done = 0;
                while (done < ports.size() && System.nanoTime() < deadline) {
                    for (int r = 0; r < ports.size(); r++) {
                        if (!switched[r] && version(http, ports.get(r), MODEL, body) == v) {
                            switched[r] = true;
                            done++;
                        }
                    }
                }
                if (done < ports.size()) {
                    throw new IllegalStateException("the replicas did not all serve version " + v + " in 30 s");
                }
                switches.add((System.nanoTime() - start) / 1e6);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "| cold model load (first request for a version: registry, S3, sha256, ONNX Runtime session, answer)"
                        + " | %s ms | |%n",
                summary(cold));
        System.out.printf(
                Locale.ROOT,
                "| alias change → served by every replica (2 replicas, event published → both answer the new"
                        + " version) | %s ms | < 1000 ms |%n",
                summary(switches));
        for (ConfigurableApplicationContext app : replicas) {
            app.close();
        }
        registry.close();
        System.exit(0);
    }

    /** Median and range, e.g. "120 (110–130, 3 runs)". */
    static String summary(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(
                Locale.ROOT,
                "%.0f (%.0f–%.0f, %d runs)",
                sorted.get(sorted.size() / 2),
                sorted.get(0),
                sorted.get(sorted.size() - 1),
                sorted.size());
    }

    private static int version(HttpClient http, int port, String model, byte[] body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/models/" + model + "/infer"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        Matcher matcher = VERSION.matcher(response.body());
        if (!matcher.find()) {
            throw new IllegalStateException("no model_version in " + response.body());
        }
        return Integer.parseInt(matcher.group(1));
    }

    private static byte[] body() {
        float[] sample = FashionMnist.scaled(FashionMnist.testImages(1)[0]);
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < sample.length; i++) {
            data.append(i == 0 ? "" : ",").append(sample[i]);
        }
        return ("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,1,28,28],\"datatype\":\"FP32\",\"data\":[" + data
                        + "]}],\"outputs\":[{\"name\":\"label\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
