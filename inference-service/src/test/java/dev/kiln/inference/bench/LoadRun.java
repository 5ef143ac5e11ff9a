package dev.kiln.inference.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Runs {@code clients} threads that each call in a loop, warms up, then measures throughput and latency. */
final class LoadRun {
    /** One client's call; made once per client thread so it can keep its own connection and buffers. */
    interface Call {
        void call() throws Exception;
    }

    record Result(int clients, long calls, double seconds, long failures, long p50Nanos, long p99Nanos) {
        double throughput() {
            return calls / seconds;
        }
    }

    private LoadRun() {}

    static Result run(int clients, Supplier<Call> factory, Duration warmUp, Duration measure) throws Exception {
        AtomicBoolean recording = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong failures = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[clients];
        CountDownLatch done = new CountDownLatch(clients);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[1 << 20];
            latencies.add(mine);
            int index = c;
            Call call = factory.get();
            Thread thread = new Thread(
                    () -> {
                        int n = 0;
                        try {
                            while (running.get()) {
                                long start = System.nanoTime();
                                try {
                                    call.call();
                                } catch (Exception e) {
                                    if (failures.incrementAndGet() == 1) {
                                        System.err.println("first failure: " + e);
                                    }
                                }
                                long elapsed = System.nanoTime() - start;
                                if (recording.get() && n < mine.length) {
                                    mine[n++] = elapsed;
                                }
                            }
                        } finally {
                            counts[index] = n;
                            done.countDown();
                        }
                    },
                    "bench-client-" + c);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        Thread.sleep(warmUp.toMillis());
        failures.set(0);
        recording.set(true);
        long start = System.nanoTime();
        Thread.sleep(measure.toMillis());
        recording.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        done.await();
        long total = Arrays.stream(counts).asLongStream().sum();
        long[] all = new long[(int) total];
        int offset = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies.get(c), 0, all, offset, counts[c]);
            offset += counts[c];
        }
        Arrays.sort(all);
        return new Result(clients, total, seconds, failures.get(), percentile(all, 0.50), percentile(all, 0.99));
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
