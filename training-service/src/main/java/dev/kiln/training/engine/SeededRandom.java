package dev.kiln.training.engine;

/**
 * A small, fully determined random generator (SplitMix64) whose whole state is one {@code long}, so that shuffles,
 * splits and initial weights depend only on the job's seed and can be replayed exactly when a job resumes.
 */
final class SeededRandom {
    private long state;

    SeededRandom(long seed) {
        this.state = seed;
    }

    /** A generator for one purpose of one job, e.g. {@code forStream(seed, EPOCH_SHUFFLE, epoch)}. */
    static SeededRandom forStream(long seed, long purpose, long index) {
        return new SeededRandom(mix(mix(seed ^ 0x9E3779B97F4A7C15L * (purpose + 1)) + index));
    }

    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        return (int) Math.floorMod(nextLong(), (long) bound);
    }

    /** A random permutation of 0..n-1 (Fisher-Yates). */
    int[] permutation(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
