package dev.kiln.formats.imports;

import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.contracts.spec.ModelSpec;
import dev.kiln.contracts.spec.ShapeInference;
import dev.kiln.formats.StateDict;
import dev.kiln.formats.torch.TorchStateDictReader;

/**
 * Checks a {@code state_dict.pt} trained elsewhere against the model spec it comes with: the file must be a readable,
 * safe PyTorch state dict, and every key and shape must be what the spec's {@code nn.Sequential} has.
 */
public final class StateDictImportValidator {
    private final TorchStateDictReader reader = new TorchStateDictReader();

    /**
     * @return the state dict, checked
     * @throws dev.kiln.contracts.spec.InvalidModelSpecException if the spec itself is impossible
     * @throws dev.kiln.formats.InvalidArtifactException if the file is unreadable, unsafe or corrupt
     * @throws StateDictMismatchException listing every missing, extra or mis-shaped tensor
     */
    public StateDict validate(byte[] stateDictFile, ModelSpec spec) {
        InferredModel model = ShapeInference.infer(spec);
        StateDict stateDict = reader.read(stateDictFile);
        StateDictValidator.requireMatch(stateDict, model);
        return stateDict;
    }
}
