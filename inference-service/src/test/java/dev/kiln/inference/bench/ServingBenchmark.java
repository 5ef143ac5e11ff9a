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
import inference.GrpcPredictV2.ModelInferRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Throughput and p50/p99 latency of one-sample requests at 1, 8 and 64 concurrent clients over REST and gRPC against
 * ONNX Runtime called in-process, then DJL's OnnxRuntime engine against ONNX Runtime's own API. It prints figures; it
 * does not pass or fail. The service runs in this JVM on the embedded S3 and Kafka, with the registry's contract
 * served by {@link FakeRegistry}.
 *
 * <p>Run: {@code ./mvnw -pl inference-service exec:java -Dexec.classpathScope=test} (after {@code test-compile});
 * {@code -Dbench.seconds=5 -Dbench.warmup=2} set the durations, {@code -Dbench.clients=1,8,64} the client counts,
 * {@code -Dbench.engines=false} skips the engine comparison; any {@code -Dkiln.inference.…} setting applies to
 * the service (e.g. {@code -Dkiln.inference.batching.max-batch-delay=0ms}).
 */
public final class ServingBenchmark {
    private static final String MODEL = "bench";

    private ServingBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("DJL_OFFLINE", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.onnx.disable_alternative", "true");
        Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warmup", 2));
        Duration measure = Duration.ofSeconds(Long.getLong("bench.seconds", 5));
        // first: DJL's engine insists on creating ONNX Runtime's process-wide environment itself
        if (Boolean.parseBoolean(System.getProperty("bench.engines", "true"))) {
            EngineComparison.run(TestModels.mlp(MODEL, 1, 42), TestModels.randomSamples(32, 1));
        }

        InfrastructureEndpoints infra = KilnInfrastructure.endpoints();
        InMemoryCatalog catalog = new InMemoryCatalog();
        FakeRegistry registry = new FakeRegistry(catalog);
        S3Endpoint s3 = infra.s3();
        var client = s3.client();
        byte[] onnx = new ModelShelf(
                        catalog,
                        (key, bytes) -> {
                            try {
                                client.putObject(PutObjectArgs.builder().bucket(s3.bucket()).object(key).stream(
                                                new ByteArrayInputStream(bytes), bytes.length, -1)
                                        .build());
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        s3.bucket())
                .register(MODEL, 1, 42);
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
        OrtSession inProcess = environment.createSession(onnx, new OrtSession.SessionOptions());

        Map<String, Supplier<LoadRun.Call>> transports = new java.util.LinkedHashMap<>();
        transports.put("in-process ORT", () -> () -> {
            try (OnnxTensor tensor =
                            OnnxTensor.createTensor(environment, FloatBuffer.wrap(sample), new long[] {1, 1, 28, 28});
                    OrtSession.Result result = inProcess.run(Map.of("input", tensor))) {
                ((OnnxTensor) result.get(1)).getFloatBuffer();
            }
        });
        transports.put("REST /v2 infer", () -> {
            try {
                RawHttpClient http = new RawHttpClient(
                        "127.0.0.1", httpPort, "/v2/models/" + MODEL + "/infer", "application/json", restBody);
                return () -> {
                    int status = http.send();
                    if (status != 200) {
                        throw new IllegalStateException("HTTP " + status);
                    }
                };
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        transports.put("REST health", () -> {
            try {
                RawHttpClient http =
                        new RawHttpClient("127.0.0.1", httpPort, "GET", "/v2/health/live", "text/plain", new byte[0]);
                return () -> {
                    if (http.send() != 200) {
                        throw new IllegalStateException("health failed");
                    }
                };
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        transports.put("gRPC ModelInfer", () -> {
            var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
            return () -> stub.modelInfer(grpcRequest);
        });

        System.out.printf(
                "Serving one Fashion-MNIST sample per request (MLP 784-512-512-10), %d cores, %s warm-up, %s"
                        + " measured per row; batching %s%n",
                Runtime.getRuntime().availableProcessors(),
                warmUp,
                measure,
                app.getEnvironment().getProperty("kiln.inference.batching.max-batch-delay", "1ms") + " max delay");
        System.out.printf(
                "%-16s %8s %12s %10s %10s %10s %10s %12s%n",
                "transport", "clients", "requests/s", "p50 µs", "p99 µs", "failures", "mean batch", "server µs");
        for (String count : System.getProperty("bench.clients", "1,8,64").split(",")) {
            int clients = Integer.parseInt(count.trim());
            for (Map.Entry<String, Supplier<LoadRun.Call>> transport : transports.entrySet()) {
                double[] before = batches(meters);
                double[] serverBefore = serverTime(meters);
                LoadRun.Result result = LoadRun.run(clients, transport.getValue(), warmUp, measure);
                double[] after = batches(meters);
                double[] serverAfter = serverTime(meters);
                double meanBatch = after[0] > before[0] ? (after[1] - before[1]) / (after[0] - before[0]) : 0;
                double serverMicros = serverAfter[0] > serverBefore[0]
                        ? (serverAfter[1] - serverBefore[1]) / (serverAfter[0] - serverBefore[0]) / 1000
                        : 0;
                System.out.printf(
                        "%-16s %8d %12.0f %10.1f %10.1f %10d %10s %12s%n",
                        transport.getKey(),
                        clients,
                        result.throughput(),
                        result.p50Nanos() / 1000.0,
                        result.p99Nanos() / 1000.0,
                        result.failures(),
                        meanBatch == 0 ? "-" : String.format("%.1f", meanBatch),
                        serverMicros == 0 ? "-" : String.format("%.1f", serverMicros));
            }
        }
        channel.shutdownNow();
        inProcess.close();
        app.close();
        registry.close();
        System.exit(0);
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

    private static ModelInferRequest grpcRequest(float[] sample) {
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
