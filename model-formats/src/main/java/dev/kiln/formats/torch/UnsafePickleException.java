package dev.kiln.formats.torch;

import dev.kiln.formats.InvalidArtifactException;

/**
 * A pickle that names a Python global outside the tensor allow-list (for example {@code os.system}). Kiln refuses it
 * before anything is looked up or called, as {@code torch.load(weights_only=True)} does.
 */
public class UnsafePickleException extends InvalidArtifactException {
    public UnsafePickleException(String message) {
        super(message);
    }
}
