package dev.kiln.formats.torch;

import dev.kiln.contracts.spec.DType;
import dev.kiln.formats.StateDict;
import dev.kiln.formats.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a state dict as the pickle {@code torch.save} writes for it (protocol 2): an {@code OrderedDict} of
 * {@code _rebuild_tensor_v2} calls whose storages are persistent ids {@code ('storage', torch.FloatStorage, key,
 * 'cpu', numel)}. Storage keys are the tensors' positions, "0", "1", …, matching the {@code data/<key>} records.
 *
 * <p>Hand-written like {@link SafeUnpickler}: the output is one fixed shape of pickle, and the Java pickle libraries
 * would bring an object-constructing unpickler along with them.
 */
final class StateDictPickler {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> memo = new HashMap<>();

    static byte[] pickle(StateDict stateDict) {
        return new StateDictPickler().write(stateDict);
    }

    private byte[] write(StateDict stateDict) {
        out.write(0x80);
        out.write(2);
        global("collections", "OrderedDict");
        out.write(')');
        out.write('R');
        if (stateDict.size() > 0) {
            out.write('(');
            int storageKey = 0;
            for (Map.Entry<String, Tensor> entry : stateDict.tensors().entrySet()) {
                string(entry.getKey());
                tensor(entry.getValue(), Integer.toString(storageKey++));
            }
            out.write('u');
        }
        out.write('.');
        return out.toByteArray();
    }

    private void tensor(Tensor tensor, String storageKey) {
        long[] shape = tensor.shape();
        global("torch._utils", "_rebuild_tensor_v2");
        out.write('(');
        out.write('(');
        string("storage");
        global("torch", storageType(tensor.dtype()));
        string(storageKey);
        string("cpu");
        integer(tensor.numel());
        out.write('t');
        out.write('Q');
        integer(0);
        tuple(shape);
        tuple(contiguousStrides(shape));
        out.write(0x89);
        global("collections", "OrderedDict");
        out.write(')');
        out.write('R');
        out.write('t');
        out.write('R');
    }

    static String storageType(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "FloatStorage";
            case FLOAT64 -> "DoubleStorage";
            case INT64 -> "LongStorage";
        };
    }

    static long[] contiguousStrides(long[] shape) {
        long[] strides = new long[shape.length];
        long stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }

    private void global(String module, String name) {
        String qualified = module + "\n" + name + "\n";
        Integer index = memo.get(qualified);
        if (index != null) {
            memoGet(index);
            return;
        }
        out.write('c');
        out.writeBytes(qualified.getBytes(StandardCharsets.US_ASCII));
        index = memo.size();
        memo.put(qualified, index);
        if (index < 256) {
            out.write('q');
            out.write(index);
        } else {
            out.write('r');
            int32(index);
        }
    }

    private void memoGet(int index) {
        if (index < 256) {
            out.write('h');
            out.write(index);
        } else {
            out.write('j');
            int32(index);
        }
    }

    private void tuple(long[] values) {
        switch (values.length) {
            case 0 -> out.write(')');
            case 1, 2, 3 -> {
                for (long value : values) {
                    integer(value);
                }
                out.write(0x84 + values.length);
            }
            default -> {
                out.write('(');
                for (long value : values) {
                    integer(value);
                }
                out.write('t');
            }
        }
    }

    private void integer(long value) {
        if (value >= 0 && value < 0x100) {
            out.write('K');
            out.write((int) value);
        } else if (value >= 0 && value < 0x10000) {
            out.write('M');
            out.write((int) value & 0xff);
            out.write((int) (value >>> 8) & 0xff);
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            out.write('J');
            int32((int) value);
        } else {
            out.write(0x8a);
            out.write(8);
            for (int i = 0; i < 8; i++) {
                out.write((int) (value >>> (8 * i)) & 0xff);
            }
        }
    }

    private void string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        int32(utf8.length);
        out.writeBytes(utf8);
    }

    private void int32(int value) {
        for (int i = 0; i < 4; i++) {
            out.write((value >>> (8 * i)) & 0xff);
        }
    }
}
