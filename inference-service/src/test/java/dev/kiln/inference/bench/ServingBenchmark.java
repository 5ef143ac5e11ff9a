package dev.kiln.inference.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import dev.kiln.inference.InferenceApplication;
import dev.kiln.inference.api.grpc.GrpcServer;
import dev.kiln.inference.support.FakeRegistry;
import dev.kiln.inference.support.FashionMnist;
import dev.kiln.inference.support.InMemoryCatalog;
import dev.kiln.inference.support.ModelShelf;
import dev.kiln.inference.support.TestModels;
import dev.kiln.infra.embedded.S3Endpoint;
import dev.kiln.infra.testing.InfrastructureEndpoints;
import dev.kiln.infra.testing.KilnInfrastructure;
import inference.GRPCInferenceServiceGrpc;
import inference.GrpcPredictV2;
import inference.GrpcPredictV2.ModelInferRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Throughput and p50/p90/p99 latency of one-sample requests at 1, 8, 64 and 256 concurrent clients (closed loop) and
 * at fixed request rates (open loop) over REST and gRPC, against ONNX Runtime called in-process and a Python server
 * ({@link PythonPeer}: PyTorch eager serving the same weights and JSON), after DJL's OnnxRuntime engine against ONNX
 * Runtime's own API. Prints markdown tables. It prints figures; it
 * does not pass or fail. The service runs in this JVM on the embedded S3 and Kafka, with the registry's contract
 * served by {@link FakeRegistry}.
 *
 * <p>Run: {@code ./mvnw -pl inference-service exec:java -Dexec.classpathScope=test} (after {@code test-compile});
 * {@code -Dbench.seconds=5 -Dbench.warmup=2} set the durations (seconds, fractions allowed),
 * {@code -Dbench.clients=1,8,64,256} the client counts, {@code -Dbench.rates=1000,2000,5000} the open loop's rates
 * (empty: none) over {@code -Dbench.open-connections=64}, {@code -Dbench.peer=bench/python/torch_server.py} the Python
 * server (empty: none) run by {@code -Dbench.python=/usr/bin/python3}, {@code -Dbench.health=false} skips the
 * rows without a model (REST health, gRPC ServerLive), {@code -Dbench.grpc-floor=false} the bare gRPC server's
 * rows ({@link GrpcFloor}), {@code -Dbench.only=REST} keeps the transports whose name contains it (for profiling),
 * {@code -Dbench.engines=false} skips the engine comparison; any {@code -Dkiln.inference.…} setting applies to
 * the service (e.g. {@code -Dkiln.inference.batching.max-batch-delay=0ms}).
 */
public final class ServingBenchmark {
    private static final String MODEL = "bench";
    private static final String IN_PROCESS = "in-process ORT";
    private static final String REST = "Kiln REST /v2 infer";
    private static final String GRPC = "Kiln gRPC ModelInfer (raw)";
    private static final String PYTHON = "Python peer (PyTorch eager)";

    private ServingBenchmark() {}

    public static void main(String[] args) {
        BenchmarkMain.run(ServingBenchmark::run);
    }

    private static void run() throws Exception {
        System.setProperty("DJL_OFFLINE", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.onnx.disable_alternative", "true");
        Duration warmUp = seconds("bench.warmup", "2");
        Duration measure = seconds("bench.seconds", "5");
        // first: DJL's engine insists on creating ONNX Runtime's process-wide environment itself
        if (Boolean.parseBoolean(System.getProperty("bench.engines", "true"))) {
            EngineComparison.run(TestModels.mlp(MODEL, 1, 42), TestModels.randomSamples(32, 1));
        }

        InfrastructureEndpoints infra = KilnInfrastructure.endpoints();
        InMemoryCatalog catalog = new InMemoryCatalog();
        FakeRegistry registry = new FakeRegistry(catalog);
        S3Endpoint s3 = infra.s3();
        byte[] onnx = ModelShelf.onS3(catalog, s3).register(MODEL, 1, 42);
        catalog.setAlias(MODEL, "production", 1);

        Map<String, String> properties = new HashMap<>(infra.springProperties("inference"));
        properties.put("kiln.inference.registry-url", registry.url());
        properties.put("kiln.inference.grpc-port", "0");
        properties.put("server.port", "0");
        properties.put("logging.level.root", "WARN");
        String[] arguments = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(InferenceApplication.class).run(arguments);
        int httpPort = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        int grpcPort = app.getBean(GrpcServer.class).port();
        MeterRegistry meters = app.getBean(MeterRegistry.class);

        float[] sample = FashionMnist.scaled(FashionMnist.testImages(1)[0]);
        byte[] restBody = restBody(sample);
        ModelInferRequest grpcRequest = grpcRequest(sample);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort)
                .usePlaintext()
                .build();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions();
        sessionOptions.setIntraOpNumThreads(1);
        OrtSession inProcess = environment.createSession(onnx, sessionOptions);
        PythonPeer peer = PythonPeer.start(TestModels.mlpWeights(42), TestModels.LABELS, 0.2860, 0.3530);

        Map<String, Supplier<LoadRun.Call>> transports = new LinkedHashMap<>();
        transports.put(IN_PROCESS, () -> () -> {
            try (OnnxTensor tensor =
                            OnnxTensor.createTensor(environment, FloatBuffer.wrap(sample), new long[] {1, 1, 28, 28});
                    OrtSession.Result result = inProcess.run(Map.of("input", tensor))) {
                ((OnnxTensor) result.get(1)).getFloatBuffer();
            }
        });
        transports.put(REST, http(httpPort, "POST", "/v2/models/" + MODEL + "/infer", restBody));
        if (Boolean.parseBoolean(System.getProperty("bench.health", "true"))) {
            transports.put("REST health (no model)", http(httpPort, "GET", "/v2/health/live", new byte[0]));
        }
        transports.put(GRPC, () -> {
            var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
            return () -> stub.modelInfer(grpcRequest);
        });
        if (Boolean.parseBoolean(System.getProperty("bench.health", "true"))) {
            transports.put("gRPC ServerLive (no model)", () -> {
                var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
                var live = GrpcPredictV2.ServerLiveRequest.getDefaultInstance();
                return () -> stub.serverLive(live);
            });
        }
        if (peer != null) {
            transports.put(PYTHON, http(peer.port(), "POST", "/v2/models/" + MODEL + "/infer", restBody));
        }

        String only = System.getProperty("bench.only", "");
        if (!only.isBlank()) {
            transports.keySet().removeIf(name -> !name.contains(only));
        }
        System.out.printf(
                "Serving one Fashion-MNIST sample per request (MLP 784-512-512-10, seed 42) on %d cores, load"
                        + " generator in the same JVM as the service; %s warm-up, %s measured per row; Kiln batching"
                        + " %s max delay, ONNX Runtime intra-op threads %s; in-process ORT: one session, intra-op 1,"
                        + " batch 1 per call.%n",
                Runtime.getRuntime().availableProcessors(),
                warmUp,
                measure,
                app.getEnvironment().getProperty("kiln.inference.batching.max-batch-delay", "1ms"),
                app.getEnvironment().getProperty("kiln.inference.runtime.intra-op-threads", "1"));
        if (peer != null) {
            System.out.printf(
                    "Python peer: %s (torch.set_num_threads(1), ThreadingHTTPServer, HTTP/1.1 keep-alive). %s%n",
                    peer.banner(), agreement(httpPort, peer.port(), restBody));
        } else {
            System.out.println("Python peer: not run (-Dbench.peer= names torch_server.py)");
        }
        System.out.println();
        System.out.println("### Closed loop (each client sends its next request when the answer arrives)");
        System.out.println();
        System.out.println(
                "| transport | clients | requests/s | p50 µs | p90 µs | p99 µs | failures | mean batch | server µs"
                        + " | batch run µs |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Map<String, Map<Integer, LoadRun.Result>> closed = new LinkedHashMap<>();
        for (int clients : ints(System.getProperty("bench.clients", "1,8,64,256"))) {
            for (Map.Entry<String, Supplier<LoadRun.Call>> transport : transports.entrySet()) {
                double[] before = batches(meters);
                double[] serverBefore = serverTime(meters);
                double[] computeBefore = computeTime(meters);
                LoadRun.Result result;
                try {
                    result = LoadRun.run(clients, transport.getValue(), warmUp, measure);
                } catch (RuntimeException e) {
                    // a server that falls over (the Python peer at 256 clients, say) is a finding, not the end
                    System.out.printf("| %s | %d | failed: %s | | | | | | | |%n", transport.getKey(), clients, e);
                    continue;
                }
                double[] after = batches(meters);
                double[] serverAfter = serverTime(meters);
                double[] computeAfter = computeTime(meters);
                double computeMicros = computeAfter[0] > computeBefore[0]
                        ? (computeAfter[1] - computeBefore[1]) / (computeAfter[0] - computeBefore[0]) / 1000
                        : 0;
                double meanBatch = after[0] > before[0] ? (after[1] - before[1]) / (after[0] - before[0]) : 0;
                double serverMicros = serverAfter[0] > serverBefore[0]
                        ? (serverAfter[1] - serverBefore[1]) / (serverAfter[0] - serverBefore[0]) / 1000
                        : 0;
                if (result.failures() == 0) { // a server that failed requests gets no ratio
                    closed.computeIfAbsent(transport.getKey(), k -> new LinkedHashMap<>())
                            .put(clients, result);
                }
                System.out.println(row(
                        transport.getKey(),
                        String.valueOf(clients),
                        result,
                        meanBatch == 0 ? "-" : String.format(Locale.ROOT, "%.1f", meanBatch),
                        serverMicros == 0 ? "-" : String.format(Locale.ROOT, "%.1f", serverMicros),
                        computeMicros == 0 ? "-" : String.format(Locale.ROOT, "%.1f", computeMicros)));
            }
        }
        System.out.println();
        System.out.println("### Ratios (throughput, same run)");
        System.out.println();
        System.out.println(
                "| clients | REST / Python | gRPC / Python | gRPC / in-process ORT | REST / in-process ORT |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: |");
        for (int clients : closed.getOrDefault(REST, Map.of()).keySet()) {
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %s | %s | %s | %s |%n",
                    clients,
                    ratio(closed, REST, PYTHON, clients),
                    ratio(closed, GRPC, PYTHON, clients),
                    ratio(closed, GRPC, IN_PROCESS, clients),
                    ratio(closed, REST, IN_PROCESS, clients));
        }
        List<Integer> rates = ints(System.getProperty("bench.rates", "1000,2000,5000"));
        if (!rates.isEmpty()) {
            int connections = Integer.getInteger("bench.open-connections", 64);
            System.out.println();
            System.out.printf(
                    "### Open loop (requests sent at a fixed rate over %d connections; latency from the scheduled"
                            + " send time)%n%n",
                    connections);
            System.out.println("| transport | offered/s | achieved/s | p50 µs | p90 µs | p99 µs | failures |");
            System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            for (int rate : rates) {
                for (String name : List.of(REST, GRPC, PYTHON)) {
                    if (!transports.containsKey(name)) {
                        continue;
                    }
                    LoadRun.Result r;
                    try {
                        r = LoadRun.openLoop(rate, connections, transports.get(name), warmUp, measure);
                    } catch (RuntimeException e) {
                        System.out.printf("| %s | %d | failed: %s | | | | |%n", name, rate, e);
                        continue;
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "| %s | %d | %.0f | %.1f | %.1f | %.1f | %d |%n",
                            name,
                            rate,
                            r.throughput(),
                            r.p50Nanos() / 1000.0,
                            r.p90Nanos() / 1000.0,
                            r.p99Nanos() / 1000.0,
                            r.failures());
                }
            }
        }
        if (Boolean.parseBoolean(System.getProperty("bench.grpc-floor", "true"))) {
            GrpcFloor.run(environment, inProcess, warmUp, measure);
        }
        System.out.println();
        channel.shutdownNow();
        inProcess.close();
        if (peer != null) {
            peer.close();
        }
        app.close();
        registry.close();
        System.exit(0);
    }

    private static Duration seconds(String property, String fallback) {
        return Duration.ofMillis(Math.round(Double.parseDouble(System.getProperty(property, fallback)) * 1000));
    }

    private static String row(
            String transport, String clients, LoadRun.Result r, String batch, String server, String compute) {
        return String.format(
                Locale.ROOT,
                "| %s | %s | %.0f | %.1f | %.1f | %.1f | %d | %s | %s | %s |",
                transport,
                clients,
                r.throughput(),
                r.p50Nanos() / 1000.0,
                r.p90Nanos() / 1000.0,
                r.p99Nanos() / 1000.0,
                r.failures(),
                batch,
                server,
                compute);
    }

    private static String ratio(Map<String, Map<Integer, LoadRun.Result>> closed, String a, String b, int clients) {
        if (!closed.containsKey(a)
                || !closed.containsKey(b)
                || !closed.get(a).containsKey(clients)
                || !closed.get(b).containsKey(clients)) {
            return "-";
        }
        double denominator = closed.get(b).get(clients).throughput();
        return denominator == 0
                ? "-"
                : String.format(Locale.ROOT, "%.2f×", closed.get(a).get(clients).throughput() / denominator);
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .map(Integer::parseInt)
                .toList();
    }

    private static Supplier<LoadRun.Call> http(int port, String method, String path, byte[] body) {
        return () -> {
            try {
                RawHttpClient http = new RawHttpClient("127.0.0.1", port, method, path, "application/json", body);
                return () -> {
                    int status = http.send();
                    if (status != 200) {
                        throw new IllegalStateException("HTTP " + status);
                    }
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Sends the same request to Kiln and the peer and compares their probabilities, once, before measuring. */
    private static String agreement(int kilnPort, int peerPort, byte[] body) throws Exception {
        float[] kiln = probabilities(kilnPort, body);
        float[] python = probabilities(peerPort, body);
        if (kiln.length != python.length) {
            throw new IllegalStateException(
                    "Kiln answered " + kiln.length + " probabilities, the peer " + python.length);
        }
        double max = 0;
        for (int i = 0; i < kiln.length; i++) {
            max = Math.max(max, Math.abs(kiln[i] - python[i]));
        }
        if (max > 1e-4) {
            throw new IllegalStateException("Kiln and the Python peer disagree: largest probability difference " + max
                    + " > 1e-4; they do not serve the same weights");
        }
        return String.format(
                Locale.ROOT, "Same weights: Kiln's and the peer's probabilities agree within %.1e (≤ 1e-4).", max);
    }

    private static float[] probabilities(int port, byte[] body) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/v2/models/" + MODEL + "/infer"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " from port " + port + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        JsonNode json = JsonMapper.builder().build().readTree(response.body());
        for (JsonNode output : json.get("outputs")) {
            if (output.get("name").asString().equals("probabilities")) {
                float[] values = new float[output.get("data").size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = output.get("data").get(i).floatValue();
                }
                return values;
            }
        }
        throw new IllegalStateException("no probabilities output from port " + port + ": " + json);
    }

    /** Count and total nanoseconds of the service's own request timer (receipt to answer, before serialising). */
    private static double[] serverTime(MeterRegistry meters) {
        double count = 0;
        double nanos = 0;
        for (var timer :
                meters.find("kiln.inference.request").tag("model", MODEL).timers()) {
            count += timer.count();
            nanos += timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        return new double[] {count, nanos};
    }

    /** Count and total nanoseconds of the engine's time per batch. */
    private static double[] computeTime(MeterRegistry meters) {
        double count = 0;
        double nanos = 0;
        for (var timer :
                meters.find("kiln.inference.compute").tag("model", MODEL).timers()) {
            count += timer.count();
            nanos += timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        return new double[] {count, nanos};
    }

    /** Count and total of the batch-size summary (samples per batch), over warm-up and measurement. */
    private static double[] batches(MeterRegistry meters) {
        DistributionSummary summary =
                meters.find("kiln.inference.batch.size").tag("model", MODEL).summary();
        return summary == null ? new double[] {0, 0} : new double[] {summary.count(), summary.totalAmount()};
    }

    private static byte[] restBody(float[] sample) {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < sample.length; i++) {
            data.append(i == 0 ? "" : ",").append(sample[i]);
        }
        return ("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,1,28,28],\"datatype\":\"FP32\",\"data\":[" + data
                        + "]}],\"outputs\":[{\"name\":\"probabilities\"},{\"name\":\"label\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static ModelInferRequest grpcRequest(float[] sample) {
        ByteBuffer raw = ByteBuffer.allocate(sample.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(sample);
        return ModelInferRequest.newBuilder()
                .setModelName(MODEL)
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName("input")
                        .setDatatype("FP32")
                        .addShape(1)
                        .addShape(1)
                        .addShape(28)
                        .addShape(28))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                        .setName("probabilities"))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                        .setName("label"))
                .addRawInputContents(ByteString.copyFrom(raw.array()))
                .build();
    }
}
