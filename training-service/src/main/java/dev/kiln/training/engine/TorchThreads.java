package dev.kiln.training.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch settings DJL's engine-neutral API does not reach. PyTorch's gradient mode is per thread and on by
 * default; DJL turns it off only on the thread that loads the engine, so a training thread turns it off itself
 * (gradient collectors turn it on while they collect), and evaluation then builds no autograd graph.
 */
public final class TorchThreads {
    private TorchThreads() {}

    /** Turns gradient recording off on the calling thread, outside gradient collectors. */
    static void disableGradientsOutsideCollectors() {
        if (isPyTorch()) {
            JniUtils.setGradMode(false);
        }
    }

    /** Sets libtorch's intra-op thread count; 0 keeps its default (one per core). */
    public static void setThreads(int threads) {
        if (threads > 0 && isPyTorch()) {
            JniUtils.setNumThreads(threads);
        }
    }

    private static boolean isPyTorch() {
        return "PyTorch".equals(Engine.getInstance().getEngineName());
    }
}
