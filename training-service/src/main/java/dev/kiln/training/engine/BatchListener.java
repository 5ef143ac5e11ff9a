package dev.kiln.training.engine;

/** Hears about every trained batch (the listener decides how often to tell anyone). */
@FunctionalInterface
public interface BatchListener {
    /**
     * @param batch the batch just trained, from 1
     * @param loss the mean loss of the epoch so far
     * @param accuracy the accuracy of the epoch so far
     * @param samplesPerSecond the epoch's throughput so far
     */
    void onBatch(int epoch, int batch, int batchesPerEpoch, double loss, double accuracy, double samplesPerSecond);
}
