package dev.kiln.contracts.spec;

/** Element type of a tensor in a model's state dict. */
public enum DType {
    FLOAT32,
    FLOAT64,
    INT64
}
