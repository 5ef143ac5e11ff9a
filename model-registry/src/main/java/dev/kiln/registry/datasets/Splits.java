package dev.kiln.registry.datasets;

import java.util.Locale;

/** Which split a file belongs to, from its field or file name: train, or test (also MNIST's {@code t10k}). */
final class Splits {
    static final String TRAIN = "train";
    static final String TEST = "test";

    private Splits() {}

    static String of(UploadFile file) {
        String names = (file.field() + " " + (file.fileName() == null ? "" : file.fileName())).toLowerCase(Locale.ROOT);
        boolean train = names.contains("train");
        boolean test = names.contains("test") || names.contains("t10k");
        if (train == test) {
            throw new InvalidDatasetException(
                    file.field(),
                    "cannot tell whether " + file.label() + " belongs to the train or the test split; start its"
                            + " file name with 'train-' or 'test-' (MNIST's 't10k-' works too)");
        }
        return train ? TRAIN : TEST;
    }
}
