package dev.kiln.training.bench;

import ai.djl.Device;
import dev.kiln.contracts.events.Hyperparameters;
import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.contracts.spec.ModelTemplates;
import dev.kiln.contracts.spec.ShapeInference;
import dev.kiln.training.data.FashionMnist;
import dev.kiln.training.data.Samples;
import dev.kiln.training.engine.EpochMetrics;
import dev.kiln.training.engine.TorchThreads;
import dev.kiln.training.engine.TrainingRun;
import java.util.List;
import java.util.Locale;

/**
 * Quality and speed of the training loop on the whole of Fashion-MNIST, outside Kafka and S3: prints one line per
 * epoch and a summary. Not a test: it passes or fails nothing.
 *
 * <pre>
 * java -cp "$(cat target/test-classpath.txt):target/classes:target/test-classes" \
 *     dev.kiln.training.bench.TrainingBenchmark mlp 10 2
 * </pre>
 *
 * Arguments: template ({@code mlp} or {@code cnn}), epochs, libtorch threads, optionally the number of training
 * samples (default all 60,000), the batch size (default 64) and the number of test samples (default all 10,000).
 */
public final class TrainingBenchmark {
    private TrainingBenchmark() {}

    public static void main(String[] args) {
        String template = args.length > 0 ? args[0] : "mlp";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int samples = args.length > 3 ? Integer.parseInt(args[3]) : 60000;
        int batchSize = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        int testSamples = args.length > 5 ? Integer.parseInt(args[5]) : 10000;
        TorchThreads.setThreads(threads);
        Samples train = FashionMnist.train(samples);
        Samples test = FashionMnist.test(testSamples);
        InferredModel model = ShapeInference.infer(ModelTemplates.template(template, FashionMnist.SHAPE, 10));
        Hyperparameters hyperparameters = new Hyperparameters(epochs, batchSize, "adam", 0.001, 42, 0.1);
        System.out.printf(
                Locale.ROOT,
                "kiln %s: %d epochs, adam 1e-3, batch %d, seed 42, %d threads, %d training samples%n",
                template,
                epochs,
                batchSize,
                threads,
                samples);
        long started = System.nanoTime();
        try (TrainingRun run = TrainingRun.start(model, hyperparameters, List.of(Device.cpu()), train, test)) {
            double best = 0;
            for (int epoch = 1; epoch <= epochs; epoch++) {
                EpochMetrics m = run.trainEpoch(epoch, (e, b, n, l, a, s) -> {}, () -> false);
                best = Math.max(best, m.samplesPerSecond());
                System.out.printf(
                        Locale.ROOT,
                        "epoch %2d  train loss %.4f  train acc %.4f  val acc %.4f  %8.0f samples/s  %6.1f s%n",
                        epoch,
                        m.trainLoss(),
                        m.trainAccuracy(),
                        m.valAccuracy(),
                        m.samplesPerSecond(),
                        m.seconds());
            }
            double accuracy = run.evaluateTest().accuracy();
            System.out.printf(
                    Locale.ROOT,
                    "RESULT kiln %s batch=%d epochs=%d threads=%d test_accuracy=%.4f best_samples_per_second=%.0f total_s=%.1f%n",
                    template,
                    batchSize,
                    epochs,
                    threads,
                    accuracy,
                    best,
                    (System.nanoTime() - started) / 1e9);
        }
    }
}
