package dev.kiln.inference.serving;

import dev.kiln.inference.runtime.TensorSpec;
import java.util.List;

/**
 * What the Open Inference Protocol's model metadata says: name, versions, platform, inputs and outputs.
 *
 * @param labels the class labels the {@code label} output takes its values from (a Kiln addition; may be empty)
 */
public record ModelMetadata(
        String name,
        List<String> versions,
        String platform,
        List<TensorSpec> inputs,
        List<TensorSpec> outputs,
        List<String> labels) {}
