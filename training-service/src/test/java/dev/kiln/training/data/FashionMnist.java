package dev.kiln.training.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Debian's Fashion-MNIST files ({@code dataset-fashion-mnist}), for tests. */
public final class FashionMnist {
    public static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
    public static final List<String> CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final List<Integer> SHAPE = List.of(1, 28, 28);

    private FashionMnist() {}

    public static Samples train(int count) {
        return read(TRAIN_IMAGES, TRAIN_LABELS).head(count);
    }

    public static Samples test(int count) {
        return read(TEST_IMAGES, TEST_LABELS).head(count);
    }

    public static byte[] bytes(String file) {
        try {
            return Files.readAllBytes(DIR.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Fashion-MNIST is missing: apt-get install dataset-fashion-mnist", e);
        }
    }

    /** A dataset.json as the registry writes it for IDX files. */
    public static String datasetJson(
            String name, String trainImages, String trainLabels, String testImages, String testLabels) {
        StringBuilder classes = new StringBuilder();
        for (String c : CLASSES) {
            classes.append(classes.isEmpty() ? "" : ",").append('"').append(c).append('"');
        }
        return "{\"name\":\"" + name + "\",\"format\":\"idx\",\"input_shape\":[1,28,28],\"class_names\":[" + classes
                + "],\"files\":{\"train_images\":\"" + trainImages + "\",\"train_labels\":\"" + trainLabels
                + "\",\"test_images\":\"" + testImages + "\",\"test_labels\":\"" + testLabels + "\"}}";
    }

    /** The first {@code count} images of a file as an uncompressed IDX file. */
    public static byte[] idxImages(String file, int count) {
        IdxReader.IdxArray x = IdxReader.read(file, bytes(file));
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(16 + count * 784);
        out.putInt(0x00000803).putInt(count).putInt(28).putInt(28).put(x.data(), 0, count * 784);
        return out.array();
    }

    /** The first {@code count} labels of a file as an uncompressed IDX file. */
    public static byte[] idxLabels(String file, int count) {
        IdxReader.IdxArray y = IdxReader.read(file, bytes(file));
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(8 + count);
        out.putInt(0x00000801).putInt(count).put(y.data(), 0, count);
        return out.array();
    }

    private static Samples read(String images, String labels) {
        IdxReader.IdxArray x = IdxReader.read(images, bytes(images));
        IdxReader.IdxArray y = IdxReader.read(labels, bytes(labels));
        int[] classes = new int[y.count()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = y.data()[i] & 0xff;
        }
        return Samples.ofPixels(SHAPE, x.data(), classes);
    }
}
