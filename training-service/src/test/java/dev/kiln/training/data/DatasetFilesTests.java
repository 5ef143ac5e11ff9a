package dev.kiln.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** IDX and CSV files and dataset.json, as the registry stores them and as they go wrong. */
class DatasetFilesTests {
    static final String REGISTRY_JSON =
            """
            {"name":"fashion-mnist","format":"idx","input_shape":[1,28,28],"num_classes":2,
             "class_names":["T-shirt/top","Trouser"],"splits":{"train":{"count":60000},"test":{"count":10000}},
             "files":{"train":{"images":"train-images.idx.gz","labels":"train-labels.idx.gz"},
                      "test":{"images":"test-images.idx.gz","labels":"test-labels.idx.gz"}},
             "label_column":null,"uri":"s3://kiln/datasets/fashion-mnist/","created_at":"2025-01-01T00:00:00Z"}""";

    @Test
    void readsDatasetJsonAsTheRegistryWritesIt() {
        DatasetDescriptor dataset = DatasetDescriptorJson.parse("fashion-mnist", bytes(REGISTRY_JSON));
        assertThat(dataset.format()).isEqualTo("idx");
        assertThat(dataset.inputShape()).containsExactly(1, 28, 28);
        assertThat(dataset.classNames()).containsExactly("T-shirt/top", "Trouser");
        assertThat(dataset.file("train_images")).isEqualTo("train-images.idx.gz");
        assertThat(dataset.file("test_labels")).isEqualTo("test-labels.idx.gz");
        assertThat(dataset.labelColumn()).isNull();
    }

    @Test
    void readsCsvFileRolesAsTheRegistryWritesThem() {
        DatasetDescriptor dataset = DatasetDescriptorJson.parse(
                "iris",
                bytes(
                        """
                {"name":"iris","format":"csv","input_shape":[4],"class_names":["setosa","versicolor"],
                 "files":{"train":{"table":"train.csv"}},"label_column":"species"}"""));
        assertThat(dataset.file("train")).isEqualTo("train.csv");
        assertThat(dataset.files()).doesNotContainKey("test");
        assertThat(dataset.labelColumn()).isEqualTo("species");
    }

    @Test
    void readsIdxFilesGzippedOrNot() throws Exception {
        byte[] idx = images(2, 2, 2, 1, 2, 3, 4, 5, 6, 7, 8);
        IdxReader.IdxArray plain = IdxReader.read("plain", idx);
        IdxReader.IdxArray gzipped = IdxReader.read("gz", gzip(idx));
        assertThat(plain.shape()).containsExactly(2, 2, 2);
        assertThat(gzipped.data()).containsExactly(plain.data());
    }

    @Test
    void refusesAnIdxFileThatIsCutOff() {
        byte[] idx = images(3, 2, 2, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThatThrownBy(() -> IdxReader.read("train-images", idx))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("train-images is not a valid IDX file")
                .hasMessageContaining("promises [3, 2, 2] = 12 bytes of data but it holds 8 (the file is truncated)");
    }

    @Test
    void refusesAFileThatIsNotIdx() {
        assertThatThrownBy(() -> IdxReader.read("labels.csv", bytes("label,x\n1,2\n")))
                .hasMessageContaining("labels.csv is not a valid IDX file")
                .hasMessageContaining("0x00000801 for labels");
        byte[] gz = Arrays.copyOf(gzip(images(2, 2, 2, 1, 2, 3, 4, 5, 6, 7, 8)), 20);
        assertThatThrownBy(() -> IdxReader.read("cut.gz", gz)).hasMessageContaining("not a readable gzip file");
    }

    @Test
    void readsCsvWithAHeaderAndClassNamesOrIndices() {
        DatasetDescriptor dataset = new DatasetDescriptor(
                "iris",
                "csv",
                java.util.List.of(2),
                java.util.List.of("setosa", "versicolor"),
                java.util.Map.of(),
                "species");
        Samples samples = CsvReader.read("train.csv", bytes("x1,species,x2\n1.5,setosa,2\n3,1,4.25\n"), dataset);
        assertThat(samples.labels()).containsExactly(0, 1);
        assertThat(samples.features()).containsExactly(1.5f, 2f, 3f, 4.25f);
    }

    @Test
    void refusesCsvRowsThatDoNotFitTheShape() {
        DatasetDescriptor dataset = new DatasetDescriptor(
                "t", "csv", java.util.List.of(3), java.util.List.of("a", "b"), java.util.Map.of(), null);
        assertThatThrownBy(() -> CsvReader.read("train.csv", bytes("label,x1,x2,x3\n0,1,2,3\n1,2,3\n"), dataset))
                .hasMessageContaining("train.csv line 3 has 3 columns")
                .hasMessageContaining("need 3 features and a label (4 columns)");
        assertThatThrownBy(() -> CsvReader.read("train.csv", bytes("label,x1,x2,x3\n7,1,2,3\n"), dataset))
                .hasMessageContaining("has label 7, but the data set has 2 classes (0..1)");
    }

    static byte[] images(int count, int rows, int columns, int... pixels) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(16 + pixels.length);
        buffer.putInt(0x00000803).putInt(count).putInt(rows).putInt(columns);
        for (int pixel : pixels) {
            buffer.put((byte) pixel);
        }
        return buffer.array();
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
