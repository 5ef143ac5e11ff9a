package dev.kiln.registry.datasets;

import dev.kiln.registry.config.RegistryProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Registers Fashion-MNIST at start-up when its files are on the machine (Debian's {@code dataset-fashion-mnist} puts
 * them in {@code /usr/share/datasets/fashion-mnist}) and it is not registered yet, with its ten class names.
 */
@Component
class BuiltinDatasets {
    static final String FASHION_MNIST = "fashion-mnist";
    static final List<String> FASHION_MNIST_CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    static final List<String> FASHION_MNIST_FILES = List.of(
            "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz");
    private static final Logger log = LoggerFactory.getLogger(BuiltinDatasets.class);

    private final DatasetUpload upload;
    private final DatasetRepository datasets;
    private final Path directory;

    BuiltinDatasets(DatasetUpload upload, DatasetRepository datasets, RegistryProperties properties) {
        this.upload = upload;
        this.datasets = datasets;
        this.directory = properties.builtinDatasetsDir();
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.LOWEST_PRECEDENCE)
    void registerMissing() {
        Path dir = directory == null ? null : directory.resolve(FASHION_MNIST);
        if (dir == null || !FASHION_MNIST_FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
            log.info("built-in data set {} not found under {}; skipping", FASHION_MNIST, dir);
            return;
        }
        try {
            if (datasets.exists(FASHION_MNIST)) {
                return;
            }
            List<UploadFile> files = new ArrayList<>();
            for (String name : FASHION_MNIST_FILES) {
                files.add(new UploadFile("files", name, dir.resolve(name)));
            }
            DatasetView view =
                    upload.register(FASHION_MNIST, "idx", files, String.join(",", FASHION_MNIST_CLASSES), null);
            log.info(
                    "registered built-in data set {}: {} train, {} test samples",
                    FASHION_MNIST,
                    view.splits().get("train").count(),
                    view.splits().get("test").count());
        } catch (RuntimeException e) {
            // Another replica may have registered it at the same moment, or storage may be down: not fatal.
            log.warn("could not register built-in data set {}: {}", FASHION_MNIST, e.getMessage());
        }
    }
}
