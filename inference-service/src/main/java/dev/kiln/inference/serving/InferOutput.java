package dev.kiln.inference.serving;

/**
 * One output tensor: {@code FP32} with {@link #fp32()} or {@code BYTES} with {@link #strings()}.
 *
 * @param name the tensor name
 * @param datatype {@code FP32} or {@code BYTES}
 * @param shape its shape
 * @param fp32 the elements of an FP32 output, row-major; null otherwise
 * @param strings the elements of a BYTES output (UTF-8 text); null otherwise
 */
public record InferOutput(String name, String datatype, long[] shape, float[] fp32, String[] strings) {
    public static InferOutput fp32(String name, long[] shape, float[] data) {
        return new InferOutput(name, "FP32", shape, data, null);
    }

    public static InferOutput bytes(String name, long[] shape, String[] data) {
        return new InferOutput(name, "BYTES", shape, null, data);
    }
}
