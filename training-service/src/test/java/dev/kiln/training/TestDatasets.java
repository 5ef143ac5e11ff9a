package dev.kiln.training;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.infra.testing.KilnInfrastructure;
import dev.kiln.training.data.FashionMnist;
import dev.kiln.training.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** Data sets in the test bucket, laid out as the registry lays them out (files plus dataset.json). */
final class TestDatasets {
    /** The full Fashion-MNIST, gzipped as Debian ships it. */
    static final String FASHION_MNIST = "fashion-mnist";
    /** The first 2,000 training and 500 test images, uncompressed. */
    static final String SMALL = "fashion-mnist-small";
    /** The first 12,000 training and 2,000 test images, uncompressed. */
    static final String MEDIUM = "fashion-mnist-medium";
    /** Two classes of points in four dimensions, as CSV with a header and class names, without a test split. */
    static final String CSV = "two-blobs-csv";
    /** A data set whose training images file is cut off in the middle. */
    static final String CORRUPT = "corrupt-images";

    private static final Set<String> uploaded = new HashSet<>();

    private TestDatasets() {}

    static ObjectStore bucket() {
        var s3 = KilnInfrastructure.endpoints().s3();
        ObjectStore store = new ObjectStore(s3.client(), s3.bucket());
        store.ensureBucket();
        return store;
    }

    static synchronized void upload(String name) {
        if (!uploaded.add(name)) {
            return;
        }
        ObjectStore bucket = bucket();
        switch (name) {
            case FASHION_MNIST -> {
                for (String file : new String[] {
                    FashionMnist.TRAIN_IMAGES,
                    FashionMnist.TRAIN_LABELS,
                    FashionMnist.TEST_IMAGES,
                    FashionMnist.TEST_LABELS
                }) {
                    put(bucket, name, file, FashionMnist.bytes(file));
                }
                json(
                        bucket,
                        name,
                        FashionMnist.TRAIN_IMAGES,
                        FashionMnist.TRAIN_LABELS,
                        FashionMnist.TEST_IMAGES,
                        FashionMnist.TEST_LABELS);
            }
            case SMALL -> subset(bucket, name, 2000, 500);
            case CSV -> csv(bucket, name);
            case MEDIUM -> subset(bucket, name, 12000, 2000);
            case CORRUPT -> {
                byte[] images = FashionMnist.bytes(FashionMnist.TRAIN_IMAGES);
                put(bucket, name, FashionMnist.TRAIN_IMAGES, Arrays.copyOf(images, images.length / 3));
                put(bucket, name, FashionMnist.TRAIN_LABELS, FashionMnist.bytes(FashionMnist.TRAIN_LABELS));
                put(bucket, name, FashionMnist.TEST_IMAGES, FashionMnist.bytes(FashionMnist.TEST_IMAGES));
                put(bucket, name, FashionMnist.TEST_LABELS, FashionMnist.bytes(FashionMnist.TEST_LABELS));
                json(
                        bucket,
                        name,
                        FashionMnist.TRAIN_IMAGES,
                        FashionMnist.TRAIN_LABELS,
                        FashionMnist.TEST_IMAGES,
                        FashionMnist.TEST_LABELS);
            }
            default -> throw new IllegalArgumentException("no test data set " + name);
        }
    }

    private static void subset(ObjectStore bucket, String name, int train, int test) {
        put(bucket, name, "train-images-idx3-ubyte", FashionMnist.idxImages(FashionMnist.TRAIN_IMAGES, train));
        put(bucket, name, "train-labels-idx1-ubyte", FashionMnist.idxLabels(FashionMnist.TRAIN_LABELS, train));
        put(bucket, name, "t10k-images-idx3-ubyte", FashionMnist.idxImages(FashionMnist.TEST_IMAGES, test));
        put(bucket, name, "t10k-labels-idx1-ubyte", FashionMnist.idxLabels(FashionMnist.TEST_LABELS, test));
        json(
                bucket,
                name,
                "train-images-idx3-ubyte",
                "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte");
    }

    /** Class "left" around (-2, 0, 1, 5), class "right" around (2, 0, 1, 5), seeded; dataset.json as the registry writes it. */
    private static void csv(ObjectStore bucket, String name) {
        java.util.Random random = new java.util.Random(3);
        StringBuilder csv = new StringBuilder("x1,x2,x3,label,x4\n");
        for (int i = 0; i < 400; i++) {
            boolean right = i % 2 == 0;
            csv.append(String.format(
                    java.util.Locale.ROOT,
                    "%.3f,%.3f,%.3f,%s,%.3f%n",
                    (right ? 2 : -2) + random.nextGaussian(),
                    random.nextGaussian(),
                    1 + random.nextGaussian(),
                    right ? "right" : "left",
                    5 + random.nextGaussian()));
        }
        put(bucket, name, "train.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        String json = "{\"name\":\"" + name + "\",\"format\":\"csv\",\"input_shape\":[4],\"num_classes\":2,"
                + "\"class_names\":[\"left\",\"right\"],\"splits\":{\"train\":{\"count\":400}},"
                + "\"files\":{\"train\":{\"table\":\"train.csv\"}},\"label_column\":\"label\"}";
        put(bucket, name, StorageLayout.DATASET_JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void json(
            ObjectStore bucket,
            String name,
            String trainImages,
            String trainLabels,
            String testImages,
            String testLabels) {
        String json = FashionMnist.datasetJson(name, trainImages, trainLabels, testImages, testLabels);
        put(bucket, name, StorageLayout.DATASET_JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void put(ObjectStore bucket, String name, String file, byte[] bytes) {
        bucket.put(StorageLayout.datasetFile(name, file), bytes, "application/octet-stream");
    }
}
