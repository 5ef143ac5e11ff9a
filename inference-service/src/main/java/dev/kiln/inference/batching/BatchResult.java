package dev.kiln.inference.batching;

/**
 * One request's outputs from a batch run, in the model's output order.
 *
 * @param outputs the request's rows of each output
 * @param shapes the shape of each output (first dimension the request's rows)
 * @param batchRows the rows of the whole batch the request ran in
 * @param queueNanos time from submission until its batch started
 * @param computeNanos time the batch took to run
 */
public record BatchResult(float[][] outputs, long[][] shapes, int batchRows, long queueNanos, long computeNanos) {}
