package dev.kiln.inference.bench;

/** A benchmark's {@code main}: exits non-zero when it fails, since the service's threads would keep the JVM alive. */
final class BenchmarkMain {
    /** The benchmark itself. */
    interface Body {
        void run() throws Exception;
    }

    private BenchmarkMain() {}

    static void run(Body body) {
        try {
            body.run();
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
