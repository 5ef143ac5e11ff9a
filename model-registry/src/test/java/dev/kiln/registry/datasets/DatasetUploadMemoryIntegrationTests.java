package dev.kiln.registry.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.registry.IdxFiles;
import dev.kiln.registry.Multipart;
import dev.kiln.registry.RegistryIntegrationTestBase;
import dev.kiln.registry.storage.ObjectStore;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

class DatasetUploadMemoryIntegrationTests extends RegistryIntegrationTestBase {
    @TempDir
    Path dir;

    @Autowired
    ObjectStore store;

    /**
     * The S3 server of the tests runs in this JVM and buffers each 5 MiB part it receives (8 to 16 MB of live heap,
     * whatever the file's size), so the test also prints what putting the same file straight into S3 costs, for
     * comparison with the upload through the registry.
     */
    @Test
    void thirtyMegabyteUploadIsStreamedWithoutBeingHeldInMemory() throws Exception {
        int images = 38_300; // 38,300 x 784 bytes = 30.0 MB of pixels
        Path trainImages = IdxFiles.images(dir.resolve("train-images-idx3-ubyte"), images, 28, 28, false);
        long uploadBytes = Files.size(trainImages);
        assertThat(uploadBytes).isGreaterThan(30_000_000);
        long direct;
        try (HeapSampler heap = new HeapSampler()) {
            store.putFile("heap-probe/train-images", trainImages, "application/octet-stream");
            direct = heap.growthBytes();
        }
        store.delete("heap-probe/train-images");
        Multipart body = new Multipart()
                .field("name", "big-" + UUID.randomUUID().toString().substring(0, 8))
                .field("format", "idx")
                .file("files", trainImages)
                .file("files", IdxFiles.labels(dir.resolve("train-labels-idx1-ubyte"), images, 10, false))
                .file("files", IdxFiles.images(dir.resolve("t10k-images-idx3-ubyte"), 100, 28, 28, false))
                .file("files", IdxFiles.labels(dir.resolve("t10k-labels-idx1-ubyte"), 100, 10, false));

        HttpResponse<String> response;
        long growth;
        int samples;
        try (HeapSampler heap = new HeapSampler()) {
            response = DatasetsIntegrationTests.upload(this, body);
            growth = heap.growthBytes();
            samples = heap.samples();
        }
        System.out.printf(
                "30 MB upload: %,d bytes of images; live heap grew by at most %.1f MB during the upload (%d samples);"
                        + " putting the same file straight into the in-process S3 server: %.1f MB%n",
                uploadBytes, growth / 1e6, samples, direct / 1e6);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.body()).contains("\"train\":{\"count\":" + images + "}");
        assertThat(samples).as("the heap was sampled during the upload").isGreaterThan(3);
        // A registry that held the file would grow by its 30 MB on top of the S3 part buffers.
        assertThat(growth).as("live heap growth while uploading").isLessThan(uploadBytes);
    }
}
