package dev.kiln.registry.datasets;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.registry.api.ApiException;
import dev.kiln.registry.storage.ObjectStore;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/** Reads the first samples of a split back from storage, reading no more of each file than they need. */
@Service
class DatasetSamples {
    static final int MAX_SAMPLES = 256;

    private final DatasetRepository datasets;
    private final ObjectStore store;

    DatasetSamples(DatasetRepository datasets, ObjectStore store) {
        this.datasets = datasets;
        this.store = store;
    }

    SampleSet read(String name, String split, int n) {
        DatasetView dataset =
                datasets.find(name).orElseThrow(() -> ApiException.notFound("data set '" + name + "' does not exist"));
        if (!dataset.files().containsKey(split)) {
            throw ApiException.invalidArgument(
                    "split", "split must be one of " + dataset.files().keySet() + ", got '" + split + "'");
        }
        if (n < 1 || n > MAX_SAMPLES) {
            throw ApiException.invalidArgument("n", "n must be between 1 and " + MAX_SAMPLES + ", got " + n);
        }
        try {
            return dataset.format().equals("idx") ? images(dataset, split, n) : rows(dataset, split, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SampleSet images(DatasetView dataset, String split, int n) throws IOException {
        String imagesKey = StorageLayout.datasetFile(
                dataset.name(), dataset.files().get(split).get("images"));
        String labelsKey = StorageLayout.datasetFile(
                dataset.name(), dataset.files().get(split).get("labels"));
        try (InputStream imagesRaw = store.open(imagesKey);
                InputStream labelsRaw = store.open(labelsKey);
                DataInputStream images = new DataInputStream(Decompression.decoded(imagesRaw));
                DataInputStream labels = new DataInputStream(Decompression.decoded(labelsRaw))) {
            images.readInt();
            int count = images.readInt();
            int rows = images.readInt();
            int cols = images.readInt();
            labels.readInt();
            labels.readInt();
            List<SampleSet.Sample> samples = new ArrayList<>();
            byte[] pixels = new byte[rows * cols];
            for (int i = 0; i < Math.min(n, count); i++) {
                images.readFully(pixels);
                int[] values = new int[pixels.length];
                for (int p = 0; p < pixels.length; p++) {
                    values[p] = pixels[p] & 0xff;
                }
                int label = labels.readUnsignedByte();
                samples.add(new SampleSet.Sample(
                        i, String.valueOf(label), className(dataset, String.valueOf(label)), values, null));
            }
            return new SampleSet(dataset.name(), split, dataset.inputShape(), samples);
        }
    }

    private SampleSet rows(DatasetView dataset, String split, int n) throws IOException {
        String key = StorageLayout.datasetFile(
                dataset.name(), dataset.files().get(split).get("table"));
        try (InputStream raw = store.open(key);
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(Decompression.decoded(raw), StandardCharsets.UTF_8))) {
            List<String> header = List.of(
                            reader.readLine().replace("\uFEFF", "").strip().split(",", -1))
                    .stream()
                    .map(String::strip)
                    .toList();
            int labelIndex = header.indexOf(dataset.labelColumn());
            List<SampleSet.Sample> samples = new ArrayList<>();
            for (String line; samples.size() < n && (line = reader.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                double[] features = new double[cells.length - 1];
                for (int c = 0, f = 0; c < cells.length; c++) {
                    if (c != labelIndex) {
                        features[f++] = Double.parseDouble(cells[c].strip());
                    }
                }
                String label = cells[labelIndex].strip();
                samples.add(new SampleSet.Sample(samples.size(), label, className(dataset, label), null, features));
            }
            return new SampleSet(dataset.name(), split, dataset.inputShape(), samples);
        }
    }

    private static String className(DatasetView dataset, String label) {
        if (label.matches("[0-9]{1,6}")) {
            int index = Integer.parseInt(label);
            return index < dataset.classNames().size() ? dataset.classNames().get(index) : label;
        }
        return label;
    }
}
