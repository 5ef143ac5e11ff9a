package dev.kiln.inference.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import inference.GRPCInferenceServiceGrpc;
import inference.GrpcPredictV2.ModelInferRequest;
import inference.GrpcPredictV2.ModelInferResponse;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one gRPC call costs on this machine without any Kiln code: a bare grpc-java server whose {@code ModelInfer}
 * answers at once, busy-waits 150 µs, or runs the same ONNX model, on grpc-java's default call executor and on the
 * event loop itself, called by the same blocking-stub client as the service. It separates what the transport and the
 * machine's thread wake-ups cost from what Kiln's own code costs.
 */
final class GrpcFloor {
    private static final long SPIN_NANOS = 150_000;

    private GrpcFloor() {}

    /** The handler's work. */
    private interface Work {
        void run(ModelInferRequest request) throws OrtException;
    }

    static void run(OrtEnvironment environment, OrtSession session, Duration warmUp, Duration measure)
            throws Exception {
        System.out.println();
        System.out.println("### gRPC floor: a bare grpc-java server (no Kiln code), one client, blocking stub");
        System.out.println();
        System.out.println(haltPolling());
        System.out.println();
        System.out.println(
                "| handler | call executor | handler p50 µs | call p50 µs | p90 µs | p99 µs | p50 − handler µs |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        Map<String, Work> handlers = new java.util.LinkedHashMap<>();
        handlers.put("answers at once", request -> {});
        handlers.put("busy-waits 150 µs", request -> {
            long end = System.nanoTime() + SPIN_NANOS;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        });
        handlers.put("runs the MLP (ONNX Runtime)", request -> infer(environment, session, request));
        for (Map.Entry<String, Work> handler : handlers.entrySet()) {
            for (boolean direct : new boolean[] {false, true}) {
                row(handler.getKey(), handler.getValue(), direct, warmUp, measure);
            }
        }
    }

    private static void row(String name, Work work, boolean direct, Duration warmUp, Duration measure)
            throws Exception {
        long[] handlerNanos = new long[1 << 16];
        int[] calls = new int[1];
        GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase service =
                new GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase() {
                    @Override
                    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> response) {
                        long start = System.nanoTime();
                        try {
                            work.run(request);
                        } catch (OrtException e) {
                            response.onError(e);
                            return;
                        }
                        synchronized (handlerNanos) {
                            handlerNanos[calls[0]++ & (handlerNanos.length - 1)] = System.nanoTime() - start;
                        }
                        response.onNext(ModelInferResponse.newBuilder()
                                .setModelName(request.getModelName())
                                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                                        .setName("probabilities")
                                        .setDatatype("FP32")
                                        .addShape(1)
                                        .addShape(10))
                                .addRawOutputContents(ByteString.copyFrom(new byte[40]))
                                .build());
                        response.onCompleted();
                    }
                };
        NettyServerBuilder builder = NettyServerBuilder.forAddress(
                        new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
                .addService(service);
        if (direct) {
            builder.directExecutor();
        }
        Server server = builder.build().start();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort())
                .usePlaintext()
                .build();
        try {
            ModelInferRequest request = ServingBenchmark.grpcRequest(new float[28 * 28]);
            LoadRun.Result result = LoadRun.run(
                    1,
                    () -> {
                        var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
                        return () -> stub.modelInfer(request);
                    },
                    warmUp,
                    measure);
            long handlerP50;
            synchronized (handlerNanos) {
                // the last calls, as many as the measured window counted (the warm-up's are left out)
                int total = calls[0];
                int n = (int) Math.min(Math.min(result.calls(), total), handlerNanos.length);
                long[] recent = new long[n];
                for (int i = 0; i < n; i++) {
                    recent[i] = handlerNanos[(total - n + i) & (handlerNanos.length - 1)];
                }
                Arrays.sort(recent);
                handlerP50 = recent.length == 0 ? 0 : recent[recent.length / 2];
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                    name,
                    direct ? "direct (event loop)" : "default (thread pool)",
                    handlerP50 / 1000.0,
                    result.p50Nanos() / 1000.0,
                    result.p90Nanos() / 1000.0,
                    result.p99Nanos() / 1000.0,
                    (result.p50Nanos() - handlerP50) / 1000.0);
        } finally {
            channel.shutdownNow();
            server.shutdownNow();
            server.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void infer(OrtEnvironment environment, OrtSession session, ModelInferRequest request)
            throws OrtException {
        float[] sample = new float[28 * 28];
        request.getRawInputContents(0)
                .asReadOnlyByteBuffer()
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(sample);
        try (OnnxTensor tensor =
                        OnnxTensor.createTensor(environment, FloatBuffer.wrap(sample), new long[] {1, 1, 28, 28});
                OrtSession.Result result = session.run(Map.of("input", tensor))) {
            ((OnnxTensor) result.get(1)).getFloatBuffer();
        }
    }

    /** The guest kernel's idle polling, which decides what waking a thread on an idle core costs in a VM. */
    private static String haltPolling() {
        Path driver = Path.of("/sys/devices/system/cpu/cpuidle/current_driver");
        Path pollNanos = Path.of("/sys/module/haltpoll/parameters/guest_halt_poll_ns");
        try {
            String idle = Files.exists(driver) ? Files.readString(driver).strip() : "unknown";
            String poll = Files.exists(pollNanos) ? Files.readString(pollNanos).strip() + " ns" : "not set";
            return "cpuidle driver: " + idle + ", guest_halt_poll_ns: " + poll
                    + " (0: an idle virtual CPU halts at once, and waking a thread there costs a trip through the"
                    + " host)";
        } catch (java.io.IOException e) {
            return "cpuidle driver: unreadable (" + e.getMessage() + ")";
        }
    }
}
