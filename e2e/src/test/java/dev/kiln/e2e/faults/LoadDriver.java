package dev.kiln.e2e.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A small load generator. {@link #closedLoop} finds the throughput a number of clients reach when each sends its next
 * request as soon as the last one is answered. {@link #openLoop} sends at a fixed rate whatever the answers do (as
 * independent users would), measuring each latency from the moment the request was due, so a stall shows up as latency
 * instead of as fewer requests; the results are kept per time window.
 */
public final class LoadDriver {
    /** One request; true when it was answered as it should be. */
    public interface Call {
        boolean call() throws Exception;
    }

    /** What happened to the requests due in one window. */
    public record Window(int index, long requests, long errors, double p50Millis, double p99Millis, double maxMillis) {
        public double errorRate() {
            return requests == 0 ? 0 : (double) errors / requests;
        }
    }

    /** The requests of an open-loop run, per window, and the first errors seen. */
    public record Run(List<Window> windows, List<String> firstErrors) {
        public long requests() {
            return windows.stream().mapToLong(Window::requests).sum();
        }

        public long errors() {
            return windows.stream().mapToLong(Window::errors).sum();
        }
    }

    private LoadDriver() {}

    /** Requests per second that {@code clients} back-to-back clients reach over {@code duration}. */
    public static double closedLoop(int clients, Duration duration, Call call) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    boolean ok;
                    try {
                        ok = call.call();
                    } catch (Exception e) {
                        ok = false;
                    }
                    (ok ? answered : failed).incrementAndGet();
                }
            });
            thread.start();
            threads.add(thread);
        }
        long start = System.nanoTime();
        Thread.sleep(duration.toMillis());
        long ok = answered.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        if (failed.get() > 0) {
            System.out.println("closed loop: " + failed.get() + " requests failed");
        }
        return ok / seconds;
    }

    /**
     * Sends {@code rate} requests per second for {@code duration} from a pool of {@code threads}; {@code onWindowEnd}
     * runs on the sending thread as each window's sending ends (for sampling memory, say).
     */
    public static Run openLoop(
            double rate, Duration duration, Duration window, int threads, Call call, IntConsumer onWindowEnd)
            throws InterruptedException {
        long windowNanos = window.toNanos();
        int windows = (int) Math.ceil((double) duration.toNanos() / windowNanos);
        Recorder[] recorders = new Recorder[windows];
        Arrays.setAll(recorders, i -> new Recorder());
        Map<String, Boolean> firstErrors = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long intervalNanos = (long) (1e9 / rate);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        int currentWindow = 0;
        for (long i = 0; ; i++) {
            long due = start + i * intervalNanos;
            if (due >= end) {
                break;
            }
            int w = (int) ((due - start) / windowNanos);
            while (currentWindow < w) {
                onWindowEnd.accept(currentWindow++);
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Recorder recorder = recorders[w];
            pool.execute(() -> {
                boolean ok;
                String error = null;
                try {
                    ok = call.call();
                    error = ok ? null : "not answered as expected";
                } catch (Exception e) {
                    ok = false;
                    error = e.toString();
                }
                recorder.add(System.nanoTime() - due, ok);
                if (!ok && firstErrors.size() < 5) {
                    firstErrors.putIfAbsent(error, true);
                }
            });
        }
        while (currentWindow < windows) {
            onWindowEnd.accept(currentWindow++);
        }
        pool.shutdown();
        pool.awaitTermination(2, TimeUnit.MINUTES);
        List<Window> result = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            result.add(recorders[w].window(w));
        }
        return new Run(result, List.copyOf(firstErrors.keySet()));
    }

    /** Latencies and errors of one window. */
    private static final class Recorder {
        private long[] nanos = new long[1024];
        private int count;
        private long errors;

        synchronized void add(long latencyNanos, boolean ok) {
            if (count == nanos.length) {
                nanos = Arrays.copyOf(nanos, count * 2);
            }
            nanos[count++] = latencyNanos;
            if (!ok) {
                errors++;
            }
        }

        synchronized Window window(int index) {
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            return new Window(index, count, errors, millis(sorted, 0.50), millis(sorted, 0.99), millis(sorted, 1.0));
        }

        private static double millis(long[] sorted, double quantile) {
            if (sorted.length == 0) {
                return 0;
            }
            int i = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
            return sorted[Math.max(0, i)] / 1e6;
        }
    }
}
