package dev.kiln.formats.imports;

import dev.kiln.formats.InvalidArtifactException;
import java.util.List;
import java.util.stream.Collectors;

/** A state dict whose tensors do not fit its model spec; lists every missing, extra or mis-shaped tensor. */
public class StateDictMismatchException extends InvalidArtifactException {
    private final transient List<TensorMismatch> mismatches;

    public StateDictMismatchException(List<TensorMismatch> mismatches) {
        super("the state dict does not match the model spec (" + mismatches.size() + " problem"
                + (mismatches.size() == 1 ? "" : "s") + "): "
                + mismatches.stream().map(TensorMismatch::describe).collect(Collectors.joining("; ")));
        this.mismatches = List.copyOf(mismatches);
    }

    public List<TensorMismatch> mismatches() {
        return mismatches;
    }
}
