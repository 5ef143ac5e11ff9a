package dev.kiln.training.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.kiln.formats.onnx.InputNormalization;
import dev.kiln.training.data.Samples;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A data set as tensors on the training device, split and normalised: pixels scaled to [0, 1], a seeded share of the
 * training split held out for validation, then {@code (x - mean) / std} per channel (the first sample dimension) with
 * mean and std measured on what remains for training.
 *
 * <p>Images for a convolutional network can be kept channels-last: stored as {@code [N, H, W, C]} and handed to the
 * network as {@code [n, C, H, W]} views of that memory ({@link #input}). libtorch then runs convolution, batch norm,
 * ReLU and pooling in its channels-last kernels (oneDNN without reorders, pooling vectorised over channels), which
 * compute the same values as the default layout, faster. Rows ({@code x.get(index)}, slices) are taken from the stored
 * form, so the first dimension is the sample in both.
 */
final class PreparedData implements AutoCloseable {
    private static final long VALIDATION_STREAM = 2;
    private static final double MIN_STD = 1e-6;

    final NDManager manager;
    final NDArray trainX;
    final NDArray trainY;
    final NDArray valX;
    final NDArray valY;
    final NDArray testX;
    final NDArray testY;
    final InputNormalization normalization;
    private final boolean channelsLast;

    private PreparedData(NDManager manager, NDArray[] arrays, InputNormalization normalization, boolean channelsLast) {
        this.manager = manager;
        this.trainX = arrays[0];
        this.trainY = arrays[1];
        this.valX = arrays[2];
        this.valY = arrays[3];
        this.testX = arrays[4];
        this.testY = arrays[5];
        this.normalization = normalization;
        this.channelsLast = channelsLast;
    }

    /**
     * @param test the test split, or null to test on the validation split
     * @param channelsLast whether to keep images ({@code [C, H, W]} samples) channels-last, see the class comment
     */
    static PreparedData prepare(
            NDManager parent, Samples train, Samples test, double validationFraction, long seed, boolean channelsLast) {
        NDManager manager = parent.newSubManager();
        try {
            int validation = (int) Math.floor(train.count() * validationFraction);
            if (train.count() - validation < 1) {
                throw new IllegalArgumentException("the training split has " + train.count() + " samples; after"
                        + " holding out " + validation + " for validation none is left to train on");
            }
            int[] order = SeededRandom.forStream(seed, VALIDATION_STREAM, 0).permutation(train.count());
            int[] valIndices = Arrays.copyOfRange(order, 0, validation);
            int[] trainIndices = Arrays.copyOfRange(order, validation, order.length);
            Arrays.sort(valIndices);
            Arrays.sort(trainIndices);

            NDArray allX = features(manager, train);
            NDArray allY = manager.create(longs(train.labels()));
            NDArray trainX = take(allX, trainIndices);
            NDArray trainY = take(allY, trainIndices);
            NDArray valX = take(allX, valIndices);
            NDArray valY = take(allY, valIndices);
            allX.close();
            allY.close();
            // without a test split the model is tested on the held-out validation samples (or, without those,
            // on the training samples), which the metrics then say
            NDArray testX = test != null ? features(manager, test) : validation > 0 ? valX : trainX;
            NDArray testY = test != null ? manager.create(longs(test.labels())) : validation > 0 ? valY : trainY;

            InputNormalization normalization = measure(trainX);
            for (NDArray x : test != null ? List.of(trainX, valX, testX) : List.of(trainX, valX)) {
                normalise(x, normalization);
            }
            NDArray[] arrays = {trainX, trainY, valX, valY, testX, testY};
            boolean images = channelsLast && trainX.getShape().dimension() == 4;
            if (images) {
                // x arrays at 0, 2, 4; the test split may be the validation or training array itself
                Map<NDArray, NDArray> stored = new IdentityHashMap<>();
                for (int i = 0; i < arrays.length; i += 2) {
                    arrays[i] = stored.computeIfAbsent(arrays[i], PreparedData::channelsLastCopy);
                }
                stored.keySet().forEach(NDArray::close);
            }
            return new PreparedData(manager, arrays, normalization, images);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The network's input {@code [n, C, H, W]} for rows of {@link #trainX}, {@link #valX} or {@link #testX}. */
    NDArray input(NDArray rows) {
        return channelsLast ? rows.transpose(0, 3, 1, 2) : rows;
    }

    /** {@code [N, C, H, W]} to a new contiguous {@code [N, H, W, C]} array. */
    private static NDArray channelsLastCopy(NDArray x) {
        Shape nchw = x.getShape();
        long n = nchw.get(0);
        // the permuted view is not contiguous (unless C is 1), so flattening it copies it in [N, H, W, C] order
        try (NDArray permuted = x.transpose(0, 2, 3, 1);
                NDArray flat = permuted.reshape(n, nchw.size() / Math.max(n, 1))) {
            return flat.reshape(n, nchw.get(2), nchw.get(3), nchw.get(1));
        }
    }

    int trainCount() {
        return Math.toIntExact(trainX.getShape().get(0));
    }

    int validationCount() {
        return Math.toIntExact(valX.getShape().get(0));
    }

    private static NDArray features(NDManager manager, Samples samples) {
        long[] dims = new long[samples.sampleShape().size() + 1];
        dims[0] = samples.count();
        for (int i = 0; i < samples.sampleShape().size(); i++) {
            dims[i + 1] = samples.sampleShape().get(i);
        }
        Shape shape = new Shape(dims);
        if (samples.isPixels()) {
            ByteBuffer pixels = ByteBuffer.allocateDirect(samples.pixels().length);
            pixels.put(samples.pixels()).flip();
            try (NDArray bytes = manager.create(pixels, shape, DataType.UINT8)) {
                return bytes.toType(DataType.FLOAT32, false).divi(255f);
            }
        }
        return manager.create(samples.features(), shape);
    }

    private static NDArray take(NDArray array, int[] indices) {
        try (NDArray index = array.getManager().create(longs(indices))) {
            return array.get(index);
        }
    }

    /** Mean and (population) standard deviation per channel. */
    private static InputNormalization measure(NDArray x) {
        long n = x.getShape().get(0);
        long channels = x.getShape().get(1);
        List<Double> mean = new ArrayList<>();
        List<Double> std = new ArrayList<>();
        try (NDManager scratch = x.getManager().newSubManager()) {
            NDArray perChannel = x.reshape(n, channels, -1);
            perChannel.attach(scratch);
            NDArray rows = perChannel.swapAxes(0, 1).reshape(channels, -1);
            NDArray channelMeans = rows.mean(new int[] {1}, true);
            float[] means = channelMeans.toFloatArray();
            float[] variances =
                    rows.sub(channelMeans).square().mean(new int[] {1}).toFloatArray();
            for (int c = 0; c < channels; c++) {
                mean.add((double) means[c]);
                double s = Math.sqrt(variances[c]);
                std.add(s < MIN_STD ? 1.0 : s);
            }
        }
        return new InputNormalization(mean, std);
    }

    private static void normalise(NDArray x, InputNormalization normalization) {
        long[] dims = new long[Math.toIntExact(x.getShape().dimension())];
        Arrays.fill(dims, 1);
        dims[1] = normalization.mean().size();
        Shape broadcast = new Shape(dims);
        try (NDManager scratch = x.getManager().newSubManager()) {
            NDArray mean = scratch.create(toFloats(normalization.mean()), broadcast);
            NDArray std = scratch.create(toFloats(normalization.std()), broadcast);
            x.subi(mean).divi(std);
        }
    }

    static long[] longs(int[] values) {
        return Arrays.stream(values).asLongStream().toArray();
    }

    private static float[] toFloats(List<Double> values) {
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = values.get(i).floatValue();
        }
        return floats;
    }

    @Override
    public void close() {
        manager.close();
    }
}
