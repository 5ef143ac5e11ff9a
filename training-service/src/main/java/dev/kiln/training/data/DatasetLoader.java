package dev.kiln.training.data;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.training.data.IdxReader.IdxArray;
import dev.kiln.training.storage.ObjectStore;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;

/** Reads a data set the registry stored under {@code datasets/{name}/}: its dataset.json and its two splits. */
@Component
public class DatasetLoader {
    private final ObjectStore store;

    public DatasetLoader(ObjectStore store) {
        this.store = store;
    }

    /** The data set's description alone (cheap), e.g. to resolve a template before the files are read. */
    public DatasetDescriptor describe(String name) {
        String key = StorageLayout.datasetFile(name, StorageLayout.DATASET_JSON);
        byte[] json = store.find(key)
                .orElseThrow(() -> new DatasetException("data set '" + name + "' is not in storage (no " + key
                        + "); register it with POST /api/v1/datasets first"));
        return DatasetDescriptorJson.parse(name, json);
    }

    public Dataset load(DatasetDescriptor dataset) {
        if (DatasetDescriptor.CSV.equals(dataset.format())) {
            Samples test = dataset.files().containsKey("test") ? csv(dataset, "test") : null;
            return new Dataset(dataset, csv(dataset, "train"), test);
        }
        return new Dataset(dataset, idx(dataset, "train"), idx(dataset, "test"));
    }

    private Samples csv(DatasetDescriptor dataset, String split) {
        String file = dataset.file(split);
        return CsvReader.read(file, read(dataset, file), dataset);
    }

    private Samples idx(DatasetDescriptor dataset, String split) {
        String imagesFile = dataset.file(split + "_images");
        String labelsFile = dataset.file(split + "_labels");
        IdxArray images = IdxReader.read(imagesFile, read(dataset, imagesFile));
        IdxArray labels = IdxReader.read(labelsFile, read(dataset, labelsFile));
        int sampleSize = 1;
        for (int dim : dataset.inputShape()) {
            sampleSize *= dim;
        }
        int imageSize = Arrays.stream(images.sampleShape()).reduce(1, (a, b) -> a * b);
        if (images.shape().length < 2 || imageSize != sampleSize) {
            throw new DatasetException("data set file " + imagesFile + " holds samples of shape "
                    + Arrays.toString(images.sampleShape()) + ", but data set '" + dataset.name() + "' says "
                    + dataset.inputShape());
        }
        if (labels.shape().length != 1) {
            throw new DatasetException("data set file " + labelsFile + " has " + labels.shape().length
                    + " dimensions; a labels file has one (0x00000801)");
        }
        if (labels.count() != images.count()) {
            throw new DatasetException("data set files " + imagesFile + " and " + labelsFile + " do not match: "
                    + images.count() + " images but " + labels.count() + " labels");
        }
        int[] classes = new int[labels.count()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = labels.data()[i] & 0xff;
            if (classes[i] >= dataset.numClasses()) {
                throw new DatasetException("data set file " + labelsFile + " has label " + classes[i] + " at sample "
                        + i + ", but data set '" + dataset.name() + "' has " + dataset.numClasses() + " classes (0.."
                        + (dataset.numClasses() - 1) + ")");
            }
        }
        return Samples.ofPixels(List.copyOf(dataset.inputShape()), images.data(), classes);
    }

    private byte[] read(DatasetDescriptor dataset, String file) {
        String key = StorageLayout.datasetFile(dataset.name(), file);
        return store.find(key)
                .orElseThrow(() -> new DatasetException("data set '" + dataset.name() + "' lists file " + file + " but "
                        + store.uri(key) + " does not exist; upload the data set again"));
    }

    /**
     * A data set's description and its splits.
     *
     * @param test null when the data set has no test split (a CSV data set may have none)
     */
    public record Dataset(DatasetDescriptor descriptor, Samples train, Samples test) {}
}
