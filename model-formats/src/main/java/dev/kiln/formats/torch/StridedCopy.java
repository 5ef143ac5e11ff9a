package dev.kiln.formats.torch;

import dev.kiln.formats.InvalidArtifactException;
import java.util.Arrays;

/** Gathers a strided view of a storage (size, stride, storage offset) into contiguous row-major bytes. */
final class StridedCopy {
    private StridedCopy() {}

    static byte[] gather(
            String name, byte[] storage, long storageNumel, int itemSize, long offset, long[] size, long[] stride) {
        long count = 1;
        long lastIndex = offset;
        for (int d = 0; d < size.length; d++) {
            count = Math.multiplyExact(count, size[d]);
            if (size[d] > 0) {
                lastIndex = Math.addExact(lastIndex, Math.multiplyExact(size[d] - 1, stride[d]));
            }
        }
        if (count > 0 && lastIndex >= storageNumel) {
            throw new InvalidArtifactException("corrupt PyTorch state dict: tensor '" + name + "' (size "
                    + Arrays.toString(size) + ", stride " + Arrays.toString(stride) + ", storage offset " + offset
                    + ") reaches element " + lastIndex + " of a storage of " + storageNumel + " elements");
        }
        byte[] out = new byte[Math.toIntExact(count * itemSize)];
        if (count == 0) {
            return out;
        }
        if (Arrays.equals(stride, StateDictPickler.contiguousStrides(size))) {
            System.arraycopy(storage, Math.toIntExact(offset * itemSize), out, 0, out.length);
            return out;
        }
        long[] index = new long[size.length];
        for (long element = 0; element < count; element++) {
            long source = offset;
            for (int d = 0; d < size.length; d++) {
                source += index[d] * stride[d];
            }
            System.arraycopy(storage, (int) (source * itemSize), out, (int) (element * itemSize), itemSize);
            for (int d = size.length - 1; d >= 0; d--) {
                if (++index[d] < size[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return out;
    }

    /** Reverses the bytes of every element in place (big-endian archives). */
    static void swapBytes(byte[] data, int itemSize) {
        for (int start = 0; start < data.length; start += itemSize) {
            for (int i = 0, j = itemSize - 1; i < j; i++, j--) {
                byte b = data[start + i];
                data[start + i] = data[start + j];
                data[start + j] = b;
            }
        }
    }
}
