package dev.kiln.registry.models;

import java.util.List;

/**
 * A model's tensors as the inference service serves them (KServe V2 names and datatypes); {@code -1} is the batch
 * dimension.
 */
public record Signature(List<Tensor> inputs, List<Tensor> outputs) {
    public Signature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** One named tensor. */
    public record Tensor(String name, List<Long> shape, String datatype) {
        public Tensor {
            shape = List.copyOf(shape);
        }
    }

    /**
     * The signature of a classifier Kiln trained: input {@code input} [-1, …sample shape] FP32, outputs
     * {@code logits} and {@code probabilities} [-1, classes] FP32 and {@code label} [-1] BYTES.
     */
    static Signature classifier(List<Integer> sampleShape, int classes) {
        List<Long> input = new java.util.ArrayList<>();
        input.add(-1L);
        sampleShape.forEach(d -> input.add(d.longValue()));
        return new Signature(
                List.of(new Tensor("input", input, "FP32")),
                List.of(
                        new Tensor("logits", List.of(-1L, (long) classes), "FP32"),
                        new Tensor("probabilities", List.of(-1L, (long) classes), "FP32"),
                        new Tensor("label", List.of(-1L), "BYTES")));
    }
}
