package dev.kiln.formats.torch;

import java.util.Collections;
import java.util.List;

/** The Python values the safe unpickler builds: plain data, never live objects. */
final class PickleValues {
    private PickleValues() {}

    /** A reference to an allowed Python global ({@code module.name}); never resolved to code. */
    record Global(String module, String name) {
        String qualifiedName() {
            return module + "." + name;
        }
    }

    /** A Python tuple; elements may be {@code null} (None). */
    record Tuple(List<Object> items) {
        Tuple {
            items = Collections.unmodifiableList(items);
        }

        int size() {
            return items.size();
        }

        Object get(int index) {
            return items.get(index);
        }
    }

    /** A persistent storage reference: {@code ('storage', torch.FloatStorage, '0', 'cpu', numel)}. */
    record StorageRef(String storageType, String key, String location, long numel) {}

    /** What {@code torch._utils._rebuild_tensor_v2} would build: a strided view of a storage. */
    record TensorRef(StorageRef storage, long storageOffset, long[] size, long[] stride) {}

    /** A short Python-like type name for error messages. */
    static String typeName(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof String) {
            return "str";
        }
        if (value instanceof Long || value instanceof java.math.BigInteger) {
            return "int";
        }
        if (value instanceof Double) {
            return "float";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof byte[]) {
            return "bytes";
        }
        if (value instanceof java.util.Map) {
            return "dict";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof Tuple) {
            return "tuple";
        }
        if (value instanceof Global global) {
            return global.qualifiedName();
        }
        if (value instanceof TensorRef) {
            return "tensor";
        }
        if (value instanceof StorageRef) {
            return "storage";
        }
        return value.getClass().getSimpleName();
    }
}
