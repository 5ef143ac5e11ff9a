package dev.kiln.training.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.kiln.training.engine.TorchThreads;
import java.util.Locale;

/**
 * This CPU's matrix-multiply rate through libtorch (DJL's PyTorch engine, the one Kiln trains with): an n×n by n×n
 * float product timed after a warm-up, printed as {@code RESULT matmul n=… threads=… gflops=…}. The benchmark sets
 * it beside the models' FLOPs per sample as the physical limit. Arguments: threads (default 1), n (default 1024).
 */
public final class MatmulRate {
    private MatmulRate() {}

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        TorchThreads.setThreads(threads);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomUniform(-1, 1, new Shape(n, n));
            NDArray b = manager.randomUniform(-1, 1, new Shape(n, n));
            for (int i = 0; i < 3; i++) {
                a.matMul(b).close();
            }
            double best = 0;
            for (int round = 0; round < 5; round++) {
                int calls = 0;
                long start = System.nanoTime();
                long elapsed;
                do {
                    a.matMul(b).close();
                    calls++;
                    elapsed = System.nanoTime() - start;
                } while (elapsed < 200_000_000L);
                best = Math.max(best, 2.0 * n * n * n * calls / (elapsed / 1e9) / 1e9);
            }
            System.out.printf(Locale.ROOT, "RESULT matmul n=%d threads=%d gflops=%.1f%n", n, threads, best);
        }
    }
}
