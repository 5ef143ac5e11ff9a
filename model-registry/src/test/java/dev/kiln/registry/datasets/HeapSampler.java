package dev.kiln.registry.datasets;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Measures how much live heap something holds while it runs: a background thread collects garbage and reads the heap
 * again and again, and the highest after-collection reading above the starting one is the growth. Garbage that a
 * stream churns through does not count; bytes kept reachable (a whole upload in a byte array, say) do.
 */
final class HeapSampler implements AutoCloseable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final long baseline;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peak;
    private volatile int samples;

    HeapSampler() {
        baseline = liveHeap();
        peak = baseline;
        thread = new Thread(this::sample, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running) {
            peak = Math.max(peak, liveHeap());
            samples++;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long liveHeap() {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    long growthBytes() {
        return Math.max(0, peak - baseline);
    }

    int samples() {
        return samples;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
