package dev.kiln.training.engine;

/**
 * The figures of one finished epoch.
 *
 * @param valLoss null without a validation split
 * @param valAccuracy null without a validation split
 */
public record EpochMetrics(
        int epoch,
        double trainLoss,
        double trainAccuracy,
        Double valLoss,
        Double valAccuracy,
        double samplesPerSecond,
        double seconds) {}
