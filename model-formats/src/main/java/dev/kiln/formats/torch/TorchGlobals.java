package dev.kiln.formats.torch;

import dev.kiln.contracts.spec.DType;
import dev.kiln.formats.InvalidArtifactException;
import dev.kiln.formats.torch.PickleValues.Global;
import dev.kiln.formats.torch.PickleValues.StorageRef;
import dev.kiln.formats.torch.PickleValues.TensorRef;
import dev.kiln.formats.torch.PickleValues.Tuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The globals a state-dict pickle may name, the subset of {@code torch.load(weights_only=True)}'s allow-list that a
 * state dict of dense tensors needs, and what "calling" each of them means here: building plain data, never running
 * Python.
 */
final class TorchGlobals {
    static final Global ORDERED_DICT = new Global("collections", "OrderedDict");
    static final Global REBUILD_TENSOR_V2 = new Global("torch._utils", "_rebuild_tensor_v2");
    static final Global REBUILD_PARAMETER = new Global("torch._utils", "_rebuild_parameter");
    static final Global REBUILD_PARAMETER_WITH_STATE = new Global("torch._utils", "_rebuild_parameter_with_state");
    static final Global SIZE = new Global("torch", "Size");

    /** Every torch storage type, with the dtype torch gives it (only three of them are readable). */
    private static final Map<String, String> STORAGE_DTYPES = Map.ofEntries(
            Map.entry("FloatStorage", "float32"),
            Map.entry("DoubleStorage", "float64"),
            Map.entry("LongStorage", "int64"),
            Map.entry("IntStorage", "int32"),
            Map.entry("ShortStorage", "int16"),
            Map.entry("CharStorage", "int8"),
            Map.entry("ByteStorage", "uint8"),
            Map.entry("BoolStorage", "bool"),
            Map.entry("HalfStorage", "float16"),
            Map.entry("BFloat16Storage", "bfloat16"));

    private static final Set<Global> CALLABLES =
            Set.of(ORDERED_DICT, REBUILD_TENSOR_V2, REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE, SIZE);

    private TorchGlobals() {}

    static boolean isAllowed(Global global) {
        return CALLABLES.contains(global) || isStorageType(global);
    }

    static boolean isStorageType(Global global) {
        return global.module().equals("torch") && STORAGE_DTYPES.containsKey(global.name());
    }

    /** The Kiln dtype of a storage type, or an error naming the torch dtype that Kiln does not read. */
    static DType dtypeOf(String storageType, String tensorName) {
        return switch (storageType) {
            case "FloatStorage" -> DType.FLOAT32;
            case "DoubleStorage" -> DType.FLOAT64;
            case "LongStorage" -> DType.INT64;
            default ->
                throw new InvalidArtifactException("tensor '" + tensorName + "' is "
                        + STORAGE_DTYPES.getOrDefault(storageType, storageType) + " (torch." + storageType
                        + "); Kiln reads float32, float64 and int64 tensors: convert it before saving");
        };
    }

    /** Applies an allowed callable to its arguments (pickle REDUCE). */
    static Object call(Global callable, Tuple args, long offset) {
        if (callable.equals(ORDERED_DICT)) {
            return orderedDict(args, offset);
        }
        if (callable.equals(REBUILD_TENSOR_V2)) {
            return rebuildTensor(args, offset);
        }
        if (callable.equals(REBUILD_PARAMETER) || callable.equals(REBUILD_PARAMETER_WITH_STATE)) {
            if (args.size() < 1 || !(args.get(0) instanceof TensorRef tensor)) {
                throw malformed(callable, "expects a tensor as its first argument", offset);
            }
            return tensor;
        }
        if (callable.equals(SIZE)) {
            if (args.size() != 1 || !(args.get(0) instanceof Tuple dims)) {
                throw malformed(callable, "expects one tuple of dimensions", offset);
            }
            return dims;
        }
        throw new InvalidArtifactException(
                "corrupt pickle: " + callable.qualifiedName() + " is not callable (byte offset " + offset + ")");
    }

    private static Map<Object, Object> orderedDict(Tuple args, long offset) {
        Map<Object, Object> dict = new LinkedHashMap<>();
        if (args.size() == 0) {
            return dict;
        }
        if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
            for (Object pair : pairs) {
                if (!(pair instanceof Tuple entry) || entry.size() != 2) {
                    throw malformed(ORDERED_DICT, "expects (key, value) pairs", offset);
                }
                dict.put(entry.get(0), entry.get(1));
            }
            return dict;
        }
        throw malformed(ORDERED_DICT, "expects no arguments or a list of pairs", offset);
    }

    private static TensorRef rebuildTensor(Tuple args, long offset) {
        // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        if (args.size() < 4
                || !(args.get(0) instanceof StorageRef storage)
                || !(args.get(1) instanceof Long storageOffset)
                || !(args.get(2) instanceof Tuple size)
                || !(args.get(3) instanceof Tuple stride)
                || size.size() != stride.size()) {
            throw malformed(REBUILD_TENSOR_V2, "expects (storage, offset, size, stride, requires_grad, hooks)", offset);
        }
        return new TensorRef(storage, storageOffset, longs(size, offset), longs(stride, offset));
    }

    private static long[] longs(Tuple tuple, long offset) {
        long[] values = new long[tuple.size()];
        for (int i = 0; i < values.length; i++) {
            if (!(tuple.get(i) instanceof Long value) || value < 0) {
                throw malformed(REBUILD_TENSOR_V2, "expects non-negative integer sizes and strides", offset);
            }
            values[i] = value;
        }
        return values;
    }

    private static InvalidArtifactException malformed(Global callable, String what, long offset) {
        return new InvalidArtifactException(
                "corrupt pickle: " + callable.qualifiedName() + " " + what + " (byte offset " + offset + ")");
    }
}
