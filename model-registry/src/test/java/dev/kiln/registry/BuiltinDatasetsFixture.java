package dev.kiln.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A built-in data sets folder laid out like Debian's {@code dataset-fashion-mnist} ({@code fashion-mnist/
 * {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz}), with few images, so start-up registration is tested without
 * depending on the package being installed.
 */
public final class BuiltinDatasetsFixture {
    public static final int TRAIN = 120;
    public static final int TEST = 40;
    private static Path directory;

    private BuiltinDatasetsFixture() {}

    public static synchronized Path directory() {
        if (directory == null) {
            try {
                Path root = Files.createTempDirectory("kiln-builtin-datasets");
                Path dir = root.resolve("fashion-mnist");
                IdxFiles.images(dir.resolve("train-images-idx3-ubyte.gz"), TRAIN, 28, 28, true);
                IdxFiles.labels(dir.resolve("train-labels-idx1-ubyte.gz"), TRAIN, 10, true);
                IdxFiles.images(dir.resolve("t10k-images-idx3-ubyte.gz"), TEST, 28, 28, true);
                IdxFiles.labels(dir.resolve("t10k-labels-idx1-ubyte.gz"), TEST, 10, true);
                directory = root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return directory;
    }
}
