package dev.kiln.formats.imports;

import dev.kiln.contracts.spec.DType;
import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.contracts.spec.TensorShape;
import dev.kiln.formats.StateDict;
import dev.kiln.formats.Tensor;
import dev.kiln.formats.imports.TensorMismatch.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a state dict against the tensors a model spec needs ({@link InferredModel#stateDictShapes()}), like
 * {@code load_state_dict(strict=True)}: every key present, nothing extra, every shape equal. Float tensors may be
 * float32 or float64 (torch converts on load); {@code num_batches_tracked} must be int64.
 */
public final class StateDictValidator {
    private StateDictValidator() {}

    /** Every difference, in spec order, then the unexpected keys in file order; empty when the state dict fits. */
    public static List<TensorMismatch> mismatches(StateDict stateDict, InferredModel model) {
        Map<String, TensorShape> expected = model.stateDictShapes();
        List<TensorMismatch> mismatches = new ArrayList<>();
        for (Map.Entry<String, TensorShape> entry : expected.entrySet()) {
            String key = entry.getKey();
            TensorShape want = entry.getValue();
            Tensor have = stateDict.tensors().get(key);
            if (have == null) {
                mismatches.add(new TensorMismatch(key, Kind.MISSING, want.shape(), want.dtype(), null, null));
            } else if (!have.shapeList().equals(want.shape())) {
                mismatches.add(new TensorMismatch(
                        key, Kind.WRONG_SHAPE, want.shape(), want.dtype(), have.shapeList(), have.dtype()));
            } else if (!compatible(want.dtype(), have.dtype())) {
                mismatches.add(new TensorMismatch(
                        key, Kind.WRONG_DTYPE, want.shape(), want.dtype(), have.shapeList(), have.dtype()));
            }
        }
        for (Map.Entry<String, Tensor> entry : stateDict.tensors().entrySet()) {
            if (!expected.containsKey(entry.getKey())) {
                Tensor have = entry.getValue();
                mismatches.add(new TensorMismatch(
                        entry.getKey(), Kind.UNEXPECTED, null, null, have.shapeList(), have.dtype()));
            }
        }
        return mismatches;
    }

    /** Throws a {@link StateDictMismatchException} listing every difference, if there is any. */
    public static void requireMatch(StateDict stateDict, InferredModel model) {
        List<TensorMismatch> mismatches = mismatches(stateDict, model);
        if (!mismatches.isEmpty()) {
            throw new StateDictMismatchException(mismatches);
        }
    }

    private static boolean compatible(DType want, DType have) {
        return want == DType.INT64 ? have == DType.INT64 : have != DType.INT64;
    }
}
