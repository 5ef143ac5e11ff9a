package dev.kiln.formats;

import dev.kiln.contracts.spec.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A dense tensor independent of any framework: element type, shape and the elements in row-major order, kept as
 * little-endian bytes (the byte order every format Kiln writes uses). Immutable: accessors return copies or
 * read-only views.
 */
public final class Tensor {
    private final DType dtype;
    private final long[] shape;
    private final byte[] data;

    private Tensor(DType dtype, long[] shape, byte[] data) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        long numel = numel(this.shape);
        if (numel * itemSize(dtype) != data.length) {
            throw new IllegalArgumentException("a " + dtype + " tensor of shape " + Arrays.toString(shape) + " needs "
                    + numel * itemSize(dtype) + " bytes, got " + data.length);
        }
        this.data = data;
    }

    /** A tensor over a copy of little-endian, row-major bytes. */
    public static Tensor of(DType dtype, long[] shape, byte[] littleEndianData) {
        return new Tensor(dtype, shape, littleEndianData.clone());
    }

    public static Tensor ofFloats(long[] shape, float... values) {
        ByteBuffer buffer = allocate(values.length, DType.FLOAT32);
        buffer.asFloatBuffer().put(values);
        return new Tensor(DType.FLOAT32, shape, buffer.array());
    }

    public static Tensor ofDoubles(long[] shape, double... values) {
        ByteBuffer buffer = allocate(values.length, DType.FLOAT64);
        buffer.asDoubleBuffer().put(values);
        return new Tensor(DType.FLOAT64, shape, buffer.array());
    }

    public static Tensor ofLongs(long[] shape, long... values) {
        ByteBuffer buffer = allocate(values.length, DType.INT64);
        buffer.asLongBuffer().put(values);
        return new Tensor(DType.INT64, shape, buffer.array());
    }

    /** A 0-d int64 tensor, such as BatchNorm's {@code num_batches_tracked}. */
    public static Tensor scalar(long value) {
        return ofLongs(new long[0], value);
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    /** The shape as a list, comparable with {@code TensorShape.shape()} of the model spec. */
    public List<Integer> shapeList() {
        List<Integer> list = new ArrayList<>(shape.length);
        for (long dim : shape) {
            list.add(Math.toIntExact(dim));
        }
        return List.copyOf(list);
    }

    public long numel() {
        return numel(shape);
    }

    /** The elements as a read-only little-endian buffer. */
    public ByteBuffer data() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    public int byteSize() {
        return data.length;
    }

    /** The elements as floats; float64 and int64 elements are converted. */
    public float[] toFloatArray() {
        float[] values = new float[data.length / itemSize(dtype)];
        ByteBuffer buffer = data();
        switch (dtype) {
            case FLOAT32 -> buffer.asFloatBuffer().get(values);
            case FLOAT64 -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) buffer.getDouble(i * 8);
                }
            }
            case INT64 -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = buffer.getLong(i * 8);
                }
            }
        }
        return values;
    }

    /** The elements as doubles; float32 and int64 elements are converted. */
    public double[] toDoubleArray() {
        double[] values = new double[data.length / itemSize(dtype)];
        ByteBuffer buffer = data();
        switch (dtype) {
            case FLOAT64 -> buffer.asDoubleBuffer().get(values);
            case FLOAT32 -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = buffer.getFloat(i * 4);
                }
            }
            case INT64 -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = buffer.getLong(i * 8);
                }
            }
        }
        return values;
    }

    /** The elements of an int64 tensor. */
    public long[] toLongArray() {
        if (dtype != DType.INT64) {
            throw new IllegalStateException("toLongArray needs an INT64 tensor, this one is " + dtype);
        }
        long[] values = new long[data.length / 8];
        data().asLongBuffer().get(values);
        return values;
    }

    /** This tensor as float32 (itself when it already is). */
    public Tensor toFloat32() {
        return dtype == DType.FLOAT32 ? this : ofFloats(shape, toFloatArray());
    }

    /** Bytes per element of a type. */
    public static int itemSize(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> 4;
            case FLOAT64, INT64 -> 8;
        };
    }

    /** The number of elements of a shape: the product of its dimensions, 1 for a scalar. */
    public static long numel(long[] shape) {
        long n = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, dim);
        }
        return n;
    }

    private static ByteBuffer allocate(int count, DType dtype) {
        return ByteBuffer.allocate(count * itemSize(dtype)).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor that
                && dtype == that.dtype
                && Arrays.equals(shape, that.shape)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "Tensor[" + dtype + " " + Arrays.toString(shape) + "]";
    }
}
