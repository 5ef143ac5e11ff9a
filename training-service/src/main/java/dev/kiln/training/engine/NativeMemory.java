package dev.kiln.training.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * glibc's malloc set up for training, so that libtorch's tensors reuse freed memory instead of fresh pages. libtorch
 * takes every activation and gradient of a step from malloc and frees it before the next; those of a small CNN are
 * megabytes each. By default glibc maps blocks above its (adaptive) mmap threshold afresh and hands memory freed at
 * the top of a heap back to the kernel once more than the trim threshold (adaptive too) is free. Kiln's training
 * threads allocate from glibc's per-thread arenas, where this happens at every step: each new tensor then lands on
 * pages the kernel has to fault in and zero again (over a million page faults per 12,000 CNN samples at batch 64, a
 * tenth of the step time, against ~350,000 for PyTorch eager on the main thread of a Python process).
 *
 * <p>With blocks below {@value #MMAP_THRESHOLD} bytes served from the arenas and up to {@value #TRIM_THRESHOLD} bytes
 * of free memory kept, a step reuses the memory of the previous one. The cost: the process keeps up to that much freed
 * memory resident. Process-wide and idempotent; elsewhere than on glibc it does nothing.
 */
final class NativeMemory {
    /** glibc's {@code M_TRIM_THRESHOLD} parameter of {@code mallopt}. */
    private static final int M_TRIM_THRESHOLD = -1;
    /** glibc's {@code M_TOP_PAD} parameter of {@code mallopt}. */
    private static final int M_TOP_PAD = -2;
    /** glibc's {@code M_MMAP_THRESHOLD} parameter of {@code mallopt}. */
    private static final int M_MMAP_THRESHOLD = -3;
    /** The largest mmap threshold glibc accepts on 64-bit (half its per-thread heap size). */
    static final int MMAP_THRESHOLD = 32 << 20;

    static final int TRIM_THRESHOLD = 256 << 20;
    /**
     * The free memory a heap keeps at its top when it shrinks; as large as a per-thread heap, so that glibc does not
     * unmap a per-thread heap that has become wholly free (it does so whatever the trim threshold).
     */
    static final int TOP_PAD = 64 << 20;

    private NativeMemory() {}

    /** Applies the settings; true if glibc took them, false where there is no glibc {@code mallopt}. */
    static boolean keepFreedMemory() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            Function mallopt =
                    NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("mallopt");
            // mallopt returns 1 on success (musl's stub returns 0)
            // the trim threshold first: a fixed mmap threshold alone makes glibc trim more, not less
            boolean trim = mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD}) == 1;
            boolean pad = mallopt.invokeInt(new Object[] {M_TOP_PAD, TOP_PAD}) == 1;
            boolean mmap = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD}) == 1;
            return trim && pad && mmap;
        } catch (LinkageError | RuntimeException e) { // no JNA native library or no mallopt
            return false;
        }
    }
}
