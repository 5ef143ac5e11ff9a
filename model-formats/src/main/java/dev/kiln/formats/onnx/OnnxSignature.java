package dev.kiln.formats.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an ONNX model takes and gives, as ONNX Runtime reads it from the graph, and its metadata properties.
 *
 * @param inputs the graph inputs, in order (initializers excluded)
 * @param outputs the graph outputs, in order
 * @param metadata the model's metadata properties (Kiln's are under {@link OnnxMetadataKeys})
 */
public record OnnxSignature(List<TensorSignature> inputs, List<TensorSignature> outputs, Map<String, String> metadata) {
    public OnnxSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
