package dev.kiln.inference.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Load generators. Closed loop: {@code clients} threads that each call in a loop; warm up, then measure throughput and
 * latency. Open loop: requests scheduled at a fixed rate whatever the answers do, sent by a pool of connections, each
 * latency counted from the request's scheduled time (so a server that falls behind shows its queueing, instead of
 * slowing the generator down).
 */
final class LoadRun {
    /** One client's call; made once per client thread so it can keep its own connection and buffers. */
    interface Call {
        void call() throws Exception;
    }

    /** Throughput in calls per second over the measured window, latency percentiles in nanoseconds. */
    record Result(int clients, long calls, double seconds, long failures, long p50Nanos, long p90Nanos, long p99Nanos) {
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
        return result(clients, latencies, counts, seconds, failures.get());
    }

    /**
     * Sends {@code rate} requests per second for {@code measure} over {@code connections} connections (after a warm-up
     * at the same rate). A request whose scheduled time has passed goes out as soon as a connection is free; requests
     * not sent by the end of the window are not sent. The result's throughput is the achieved rate (answers within the
     * window and the answers still owed when it closed, over the time until the last of them).
     */
    static Result openLoop(double rate, int connections, Supplier<Call> factory, Duration warmUp, Duration measure)
            throws Exception {
        long period = (long) (1e9 / rate);
        AtomicLong failures = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[connections];
        CountDownLatch done = new CountDownLatch(connections);
        AtomicLong tickets = new AtomicLong();
        long origin = System.nanoTime() + 50_000_000;
        long measureFrom = origin + warmUp.toNanos();
        long end = measureFrom + measure.toNanos();
        AtomicLong lastAnswer = new AtomicLong(measureFrom);
        for (int c = 0; c < connections; c++) {
            long[] mine = new long[(int) Math.min(1 << 22, rate * measure.toSeconds() + 1024)];
            latencies.add(mine);
            int index = c;
            Call call = factory.get();
            Thread thread = new Thread(
                    () -> {
                        int n = 0;
                        try {
                            while (true) {
                                long scheduled = origin + tickets.getAndIncrement() * period;
                                if (scheduled >= end) {
                                    break;
                                }
                                for (long wait = scheduled - System.nanoTime();
                                        wait > 0;
                                        wait = scheduled - System.nanoTime()) {
                                    LockSupport.parkNanos(wait);
                                }
                                boolean measured = scheduled >= measureFrom;
                                try {
                                    call.call();
                                } catch (Exception e) {
                                    if (measured && failures.incrementAndGet() == 1) {
                                        System.err.println("first failure: " + e);
                                    }
                                }
                                long now = System.nanoTime();
                                if (measured && n < mine.length) {
                                    mine[n++] = now - scheduled;
                                    lastAnswer.accumulateAndGet(now, Math::max);
                                }
                            }
                        } finally {
                            counts[index] = n;
                            done.countDown();
                        }
                    },
                    "bench-open-" + c);
            thread.setDaemon(true);
            thread.start();
        }
        done.await();
        double seconds = Math.max(measure.toNanos(), lastAnswer.get() - measureFrom) / 1e9;
        return result(connections, latencies, counts, seconds, failures.get());
    }

    private static Result result(int clients, List<long[]> latencies, int[] counts, double seconds, long failures) {
        long total = Arrays.stream(counts).asLongStream().sum();
        long[] all = new long[(int) total];
        int offset = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies.get(c), 0, all, offset, counts[c]);
            offset += counts[c];
        }
        Arrays.sort(all);
        return new Result(
                clients, total, seconds, failures, percentile(all, 0.50), percentile(all, 0.90), percentile(all, 0.99));
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
