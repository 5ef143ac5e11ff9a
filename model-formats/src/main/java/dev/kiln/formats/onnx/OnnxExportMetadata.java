package dev.kiln.formats.onnx;

import java.util.List;

/**
 * What an exported ONNX model says about itself, beside its graph: stored as metadata properties under
 * {@link OnnxMetadataKeys}.
 *
 * @param modelName the registered model name
 * @param modelVersion the model version (an integer per model, as text)
 * @param labels the class labels, index i naming output i
 * @param normalization the input normalisation built into the graph, or {@code null} for none
 */
public record OnnxExportMetadata(
        String modelName, String modelVersion, List<String> labels, InputNormalization normalization) {
    public OnnxExportMetadata {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }
}
