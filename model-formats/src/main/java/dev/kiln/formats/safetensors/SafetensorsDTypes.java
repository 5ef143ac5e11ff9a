package dev.kiln.formats.safetensors;

import dev.kiln.contracts.spec.DType;
import dev.kiln.formats.InvalidArtifactException;
import java.util.Set;

/** The safetensors names of the element types Kiln reads and writes. */
final class SafetensorsDTypes {
    private static final Set<String> KNOWN_OTHERS =
            Set.of("BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "I32", "U32", "U64", "F8_E4M3", "F8_E5M2");

    private SafetensorsDTypes() {}

    static String name(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT64 -> "I64";
        };
    }

    static DType parse(String name, String tensor) {
        return switch (name) {
            case "F32" -> DType.FLOAT32;
            case "F64" -> DType.FLOAT64;
            case "I64" -> DType.INT64;
            default ->
                throw new InvalidArtifactException(
                        KNOWN_OTHERS.contains(name)
                                ? "safetensors tensor '" + tensor + "' is " + name
                                        + "; Kiln reads F32, F64 and I64 tensors"
                                : "corrupt safetensors header: tensor '" + tensor + "' has unknown dtype '" + name
                                        + "'");
        };
    }
}
