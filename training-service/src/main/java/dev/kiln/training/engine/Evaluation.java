package dev.kiln.training.engine;

/** Mean loss and accuracy of the model over a split. */
public record Evaluation(double loss, double accuracy, long samples) {}
