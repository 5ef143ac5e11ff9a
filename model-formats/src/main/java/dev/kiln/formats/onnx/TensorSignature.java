package dev.kiln.formats.onnx;

import java.util.List;

/**
 * One input or output of a model as the Open Inference Protocol describes it.
 *
 * @param name the tensor name in the graph
 * @param datatype the KServe V2 datatype: FP32, FP64, INT64, INT32, UINT8, BOOL, BYTES, …
 * @param shape the dimensions; -1 for a dynamic one such as the batch
 */
public record TensorSignature(String name, String datatype, List<Long> shape) {
    public TensorSignature {
        shape = List.copyOf(shape);
    }
}
