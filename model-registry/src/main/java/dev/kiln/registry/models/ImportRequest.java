package dev.kiln.registry.models;

import dev.kiln.contracts.spec.ModelSpec;
import dev.kiln.formats.onnx.InputNormalization;
import java.util.List;

/**
 * A model trained elsewhere, as uploaded: an ONNX file, or a PyTorch state dict with the model spec it fits.
 *
 * @param onnx the ONNX file, or null
 * @param stateDict the {@code state_dict.pt} file, or null
 * @param spec the model spec (required with a state dict), or null
 * @param labels class names, index i naming output i; may be empty
 * @param normalization the input normalisation to build into an exported graph, or null
 */
record ImportRequest(
        String model,
        byte[] onnx,
        byte[] stateDict,
        ModelSpec spec,
        List<String> labels,
        InputNormalization normalization) {}
