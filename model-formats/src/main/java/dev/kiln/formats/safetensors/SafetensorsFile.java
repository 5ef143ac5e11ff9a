package dev.kiln.formats.safetensors;

import dev.kiln.formats.StateDict;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contents of a safetensors file: its tensors and its free-form {@code __metadata__} (string to string).
 *
 * @param tensors the tensors by name, in file order
 * @param metadata the {@code __metadata__} entries; empty when the file has none
 */
public record SafetensorsFile(StateDict tensors, Map<String, String> metadata) {
    public SafetensorsFile {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
