package dev.kiln.registry.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.registry.BuiltinDatasetsFixture;
import dev.kiln.registry.IdxFiles;
import dev.kiln.registry.Multipart;
import dev.kiln.registry.RegistryIntegrationTestBase;
import dev.kiln.registry.storage.ObjectStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

class DatasetsIntegrationTests extends RegistryIntegrationTestBase {
    @TempDir
    Path dir;

    @Autowired
    ObjectStore store;

    @Test
    void uploadedIdxDataSetIsDescribedAndPreviewedAsJsonAndPng() throws Exception {
        String name = "tiny-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = upload(idxUpload(name, true).field("classes", "[\"zero\",\"one\",\"two\"]"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/datasets/" + name);
        assertThat(get("/api/v1/datasets/" + name).body())
                .contains("\"input_shape\":[1,8,6]")
                .contains("\"class_names\":[\"zero\",\"one\",\"two\"]")
                .contains("\"splits\":{\"train\":{\"count\":30},\"test\":{\"count\":12}}")
                .contains("\"test\":{\"images\":\"test-images.idx.gz\",\"labels\":\"test-labels.idx.gz\"}");
        assertThat(store.size(StorageLayout.datasetFile(name, StorageLayout.DATASET_JSON)))
                .isPresent();

        String json =
                get("/api/v1/datasets/" + name + "/samples?split=test&n=2").body();
        assertThat(json)
                .contains("\"split\":\"test\"")
                .contains("{\"index\":0,\"label\":\"0\",\"class_name\":\"zero\",\"pixels\":[0,1,2,3,")
                .contains("{\"index\":1,\"label\":\"1\",\"class_name\":\"one\",\"pixels\":[31,32,");

        HttpResponse<byte[]> png = HTTP.send(
                HttpRequest.newBuilder(uri("/api/v1/datasets/" + name + "/samples?split=train&n=4"))
                        .header("Accept", "image/png")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage grid = ImageIO.read(new ByteArrayInputStream(png.body()));
        int cell = 8 * PngGrid.SCALE + PngGrid.GAP;
        assertThat(grid.getWidth()).isEqualTo(2 * cell + PngGrid.GAP);
        assertThat(grid.getRaster().getSample(PngGrid.GAP + 2 * PngGrid.SCALE, PngGrid.GAP, 0))
                .as("image 0, pixel (0, 2)")
                .isEqualTo(2);
        assertThat(get("/api/v1/datasets/" + name + "/samples?split=validation").body())
                .contains("\"field\":\"split\"");
    }

    @Test
    void invalidIdxFilesAreRefusedSayingWhatIsWrong() throws Exception {
        String name = "broken-" + UUID.randomUUID().toString().substring(0, 8);
        Path labelsAsImages = IdxFiles.labels(dir.resolve("bad/train-images-idx3-ubyte"), 30, 3, false);
        Files.write(labelsAsImages, new byte[] {0, 0, 8, 4}, java.nio.file.StandardOpenOption.WRITE);
        assertRefused(
                idxUpload(name, false, labelsAsImages, null),
                "train-images-idx3-ubyte: magic number 0x00000804 is not an IDX file of images or labels");

        Path truncated = dir.resolve("cut/train-images-idx3-ubyte");
        byte[] full = Files.readAllBytes(IdxFiles.images(truncated, 30, 8, 6, false));
        Files.write(truncated, java.util.Arrays.copyOf(full, full.length - 100));
        assertRefused(
                idxUpload(name, false, truncated, null),
                "the header declares 30 images of 8x6 pixels (1,440 bytes) but the file has 1,340 bytes of pixels;"
                        + " it is truncated");

        Path shortLabels = IdxFiles.labels(dir.resolve("few/train-labels-idx1-ubyte"), 29, 3, false);
        assertRefused(
                idxUpload(name, false, null, shortLabels),
                "the train split has 30 images (train-images-idx3-ubyte) but 29 labels");

        Path notGzip = dir.resolve("gz/train-images-idx3-ubyte.gz");
        Files.createDirectories(notGzip.getParent());
        Files.write(notGzip, new byte[] {0x1f, (byte) 0x8b, 1, 2, 3, 4, 5});
        assertRefused(idxUpload(name, false, notGzip, null), "looks gzipped but is not a valid gzip stream");

        assertRefused(
                new Multipart()
                        .field("name", name)
                        .field("format", "idx")
                        .file("files", IdxFiles.images(dir.resolve("one/train-images"), 3, 8, 6, false)),
                "missing: train labels, test images, test labels");
        assertThat(get("/api/v1/datasets/" + name).statusCode())
                .as("nothing registered")
                .isEqualTo(404);
        assertThat(store.size(StorageLayout.datasetFile(name, "train-images.idx")))
                .as("nothing stored")
                .isEmpty();
    }

    @Test
    void csvDataSetIsCheckedForItsHeaderAndNumbers() throws Exception {
        String name = "iris-" + UUID.randomUUID().toString().substring(0, 8);
        Path train = Files.writeString(dir.resolve("train.csv"), "x1,x2,x3,species\n1,2,3,setosa\n4,5.5,6,virginica\n");
        Path test = Files.writeString(dir.resolve("test.csv"), "x1,x2,x3,species\n1,2,3,setosa\n");
        HttpResponse<String> created = upload(new Multipart()
                .field("name", name)
                .field("format", "csv")
                .field("label_column", "species")
                .file("files", train)
                .file("files", test));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body())
                .contains("\"input_shape\":[3]")
                .contains("\"class_names\":[\"setosa\",\"virginica\"]")
                .contains("\"label_column\":\"species\"");
        assertThat(get("/api/v1/datasets/" + name + "/samples?split=train&n=5").body())
                .contains(
                        "\"label\":\"virginica\",\"class_name\":\"virginica\",\"pixels\":null,\"features\":[4.0,5.5,6.0]");

        Path bad = Files.writeString(dir.resolve("bad/train.csv".replace("/", "-")), "x1,x2,label\n1,2,0\n3,abc,1\n");
        assertRefused(
                new Multipart()
                        .field("name", name + "-bad")
                        .field("format", "csv")
                        .file("files", bad),
                "line 3: column 'x2' is 'abc', not a number");
        Path noLabel = Files.writeString(dir.resolve("train-nolabel.csv"), "x1,x2\n1,2\n");
        assertRefused(
                new Multipart()
                        .field("name", name + "-bad")
                        .field("format", "csv")
                        .file("files", noLabel),
                "has no column 'label' in its header [x1, x2]");
    }

    @Test
    void badNamesFormatsAndTakenNamesAreRefused() throws Exception {
        HttpResponse<String> badName = upload(idxUpload("Fashion MNIST", true));
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.body()).contains("\"field\":\"name\"").contains("has upper-case letters");
        HttpResponse<String> badFormat =
                upload(new Multipart().field("name", "x-format").field("format", "parquet"));
        assertThat(badFormat.body()).contains("\"field\":\"format\"").contains("'idx' or 'csv'");
        HttpResponse<String> taken = upload(idxUpload(BuiltinDatasets.FASHION_MNIST, true));
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.body()).contains("\"error_code\":\"ALREADY_EXISTS\"");
    }

    @Test
    void fashionMnistIsRegisteredAtStartWithItsTenClassNames() throws Exception {
        HttpResponse<String> response = get("/api/v1/datasets/fashion-mnist");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"format\":\"idx\"")
                .contains("\"input_shape\":[1,28,28]")
                .contains("\"num_classes\":10")
                .contains("\"class_names\":[\"T-shirt/top\",\"Trouser\",\"Pullover\",\"Dress\",\"Coat\",\"Sandal\","
                        + "\"Shirt\",\"Sneaker\",\"Bag\",\"Ankle boot\"]")
                .contains("\"train\":{\"count\":" + BuiltinDatasetsFixture.TRAIN + "}")
                .contains("\"test\":{\"count\":" + BuiltinDatasetsFixture.TEST + "}");
        assertThat(get("/api/v1/datasets").body()).contains("\"name\":\"fashion-mnist\"");
    }

    private Multipart idxUpload(String name, boolean gzip) throws Exception {
        return idxUpload(name, gzip, null, null);
    }

    /** A small valid IDX upload (30 train, 12 test images of 8x6, labels 0..2), with files optionally replaced. */
    private Multipart idxUpload(String name, boolean gzip, Path trainImages, Path trainLabels) throws Exception {
        Path d = dir.resolve("ok-" + UUID.randomUUID());
        String gz = gzip ? ".gz" : "";
        return new Multipart()
                .field("name", name)
                .field("format", "idx")
                .file(
                        "files",
                        trainImages != null
                                ? trainImages
                                : IdxFiles.images(d.resolve("train-images-idx3-ubyte" + gz), 30, 8, 6, gzip))
                .file(
                        "files",
                        trainLabels != null
                                ? trainLabels
                                : IdxFiles.labels(d.resolve("train-labels-idx1-ubyte" + gz), 30, 3, gzip))
                .file("files", IdxFiles.images(d.resolve("t10k-images-idx3-ubyte" + gz), 12, 8, 6, gzip))
                .file("files", IdxFiles.labels(d.resolve("t10k-labels-idx1-ubyte" + gz), 12, 3, gzip));
    }

    private void assertRefused(Multipart body, String message) throws Exception {
        HttpResponse<String> response = upload(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body())
                .contains("\"error_code\":\"INVALID_ARGUMENT\"")
                .contains(message);
    }

    static HttpResponse<String> upload(RegistryIntegrationTestBase test, Multipart body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(test.uri("/api/v1/datasets"))
                        .header("Content-Type", body.contentType())
                        .POST(body.body())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> upload(Multipart body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri("/api/v1/datasets"))
                        .header("Content-Type", body.contentType())
                        .POST(body.body())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
