package dev.kiln.formats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** Float arrays for the tests: raw little-endian files, random values, comparisons. */
public final class Floats {
    private Floats() {}

    public static void write(Path file, float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        try {
            Files.write(file, buffer.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static float[] read(Path file) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[buffer.remaining() / 4];
            buffer.asFloatBuffer().get(values);
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static float[] uniform(Random random, int count, float low, float high) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = low + (high - low) * random.nextFloat();
        }
        return values;
    }

    public static float maxAbsDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " and " + b.length);
        }
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** {@code (x - mean[c]) / std[c]} over a batch {@code [N, C, ...]} laid out row-major. */
    public static float[] normalise(float[] x, int batch, List<Double> mean, List<Double> std) {
        float[] out = new float[x.length];
        int perSample = x.length / batch;
        int channels = mean.size();
        int perChannel = perSample / channels;
        for (int i = 0; i < x.length; i++) {
            int channel = (i % perSample) / perChannel;
            out[i] = (x[i] - mean.get(channel).floatValue()) / std.get(channel).floatValue();
        }
        return out;
    }

    /** Softmax over the last dimension of rows of the given width. */
    public static float[] softmaxRows(float[] logits, int width) {
        float[] out = new float[logits.length];
        for (int row = 0; row < logits.length / width; row++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < width; j++) {
                max = Math.max(max, logits[row * width + j]);
            }
            double sum = 0;
            for (int j = 0; j < width; j++) {
                sum += Math.exp(logits[row * width + j] - max);
            }
            for (int j = 0; j < width; j++) {
                out[row * width + j] = (float) (Math.exp(logits[row * width + j] - max) / sum);
            }
        }
        return out;
    }
}
