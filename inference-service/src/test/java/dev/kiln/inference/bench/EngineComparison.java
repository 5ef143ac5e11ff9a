package dev.kiln.inference.bench;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.kiln.inference.runtime.LoadedModel;
import dev.kiln.inference.runtime.ModelRunner;
import dev.kiln.inference.runtime.OrtModelRuntime;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The same model on one thread through DJL's OnnxRuntime engine, ONNX Runtime's own Java API with Java arrays, and
 * Kiln's runner (ONNX Runtime's API over reused direct buffers): median microseconds per call at batch 1 and 32.
 */
final class EngineComparison {
    private static final int WARM_UP = 2_000;
    private static final int CALLS = 5_000;

    private EngineComparison() {}

    static void run(byte[] onnx, float[] samples) throws Exception {
        System.out.println("Engines, one thread (intra-op threads 1), median µs per call; each runs its batch once");
        System.out.printf("%-44s %12s %12s%n", "engine", "batch 1", "batch 32");
        Path dir = Files.createTempDirectory("kiln-bench-djl");
        Files.write(dir.resolve("model.onnx"), onnx);
        // DJL's engine creates ONNX Runtime's process-wide environment itself, so it goes first
        double djl1 = djl(dir, samples, 1);
        double djl32 = djl(dir, samples, 32);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = environment.createSession(onnx, options)) {
                for (int round = 0; round < 2; round++) {
                    if (round > 0) {
                        djl1 = djl(dir, samples, 1);
                        djl32 = djl(dir, samples, 32);
                    }
                    print("DJL OnnxRuntime engine (Predictor, NDArray)", djl1, djl32);
                    print(
                            "ONNX Runtime Java API, float[] per call",
                            ortArrays(environment, session, samples, 1),
                            ortArrays(environment, session, samples, 32));
                    print(
                            "Kiln OrtModelRunner, reused direct buffers",
                            runner(onnx, samples, 1),
                            runner(onnx, samples, 32));
                }
                System.out.println();
            }
        }
    }

    private static void print(String name, double batch1, double batch32) {
        System.out.printf("%-44s %12.1f %12.1f%n", name, batch1, batch32);
    }

    private static double djl(Path dir, float[] samples, int rows) throws Exception {
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(dir)
                .optModelName("model")
                .optEngine("OnnxRuntime")
                .optOption("interOpNumThreads", "1")
                .optOption("intraOpNumThreads", "1")
                .build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = NDManager.newBaseManager("OnnxRuntime")) {
            float[] input = Arrays.copyOf(samples, rows * 784);
            return median(() -> {
                try (NDManager call = manager.newSubManager()) {
                    NDArray array = call.create(input, new Shape(rows, 1, 28, 28));
                    array.setName("input");
                    NDList out = predictor.predict(new NDList(array));
                    out.get(1).toFloatArray();
                    out.close();
                }
            });
        }
    }

    private static double ortArrays(OrtEnvironment environment, OrtSession session, float[] samples, int rows)
            throws Exception {
        float[] input = Arrays.copyOf(samples, rows * 784);
        return median(() -> {
            try (OnnxTensor tensor = OnnxTensor.createTensor(
                            environment, FloatBuffer.wrap(input), new long[] {rows, 1, 28, 28});
                    OrtSession.Result result = session.run(Map.of("input", tensor))) {
                ((OnnxTensor) result.get(1)).getFloatBuffer();
            }
        });
    }

    private static double runner(byte[] onnx, float[] samples, int rows) throws Exception {
        try (LoadedModel model = new OrtModelRuntime(OrtEnvironment.getEnvironment(), 1, false).load(onnx, "bench");
                ModelRunner runner = model.newRunner()) {
            float[] output = new float[rows * 10];
            return median(() -> {
                runner.input(0, new long[] {rows, 1, 28, 28}).put(samples, 0, rows * 784);
                runner.run();
                runner.output(1).get(0, output);
            });
        }
    }

    private static double median(LoadRun.Call call) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            call.call();
        }
        long[] times = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long start = System.nanoTime();
            call.call();
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        return times[CALLS / 2] / 1000.0;
    }
}
