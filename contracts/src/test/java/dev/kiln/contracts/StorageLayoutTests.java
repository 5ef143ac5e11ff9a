package dev.kiln.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StorageLayoutTests {

    @Test
    void buildsTheKeysOfTheArchitecture() {
        assertThat(StorageLayout.datasetPrefix("fashion-mnist")).isEqualTo("datasets/fashion-mnist/");
        assertThat(StorageLayout.datasetFile("fashion-mnist", "train-images-idx3-ubyte.gz"))
                .isEqualTo("datasets/fashion-mnist/train-images-idx3-ubyte.gz");
        assertThat(StorageLayout.checkpointPrefix("3f0c2a9e-0000-4000-8000-000000000001"))
                .isEqualTo("jobs/3f0c2a9e-0000-4000-8000-000000000001/checkpoints/");
        assertThat(StorageLayout.checkpointFile("job-1", "epoch-3.ckpt"))
                .isEqualTo("jobs/job-1/checkpoints/epoch-3.ckpt");
        assertThat(StorageLayout.modelFile("fashion-mnist-classifier", 3, StorageLayout.MODEL_ONNX))
                .isEqualTo("models/fashion-mnist-classifier/3/model.onnx");
        assertThat(StorageLayout.modelFile("m", 1, StorageLayout.MANIFEST_JSON)).isEqualTo("models/m/1/MANIFEST.json");
        assertThat(StorageLayout.modelVersionPrefix("m.v2_x", 12)).isEqualTo("models/m.v2_x/12/");
    }

    @Test
    void artifactFileNamesAreTheArchitecturesNames() {
        assertThat(new String[] {
                    StorageLayout.MODEL_ONNX,
                    StorageLayout.STATE_DICT,
                    StorageLayout.SAFETENSORS,
                    StorageLayout.SPEC_JSON,
                    StorageLayout.METRICS_JSON,
                    StorageLayout.MANIFEST_JSON
                })
                .containsExactly(
                        "model.onnx",
                        "state_dict.pt",
                        "model.safetensors",
                        "spec.json",
                        "metrics.json",
                        "MANIFEST.json");
    }

    @Test
    void acceptsNamesOfTheAllowedAlphabet() {
        assertThat(StorageLayout.requireValidName("model name", "a")).isEqualTo("a");
        assertThat(StorageLayout.requireValidName("model name", "0-model_v1.2")).isEqualTo("0-model_v1.2");
        assertThat(StorageLayout.requireValidName("model name", "a".repeat(63))).hasSize(63);
    }

    @Test
    void rejectsNamesThatCouldEscapeOrConfuseTheLayout() {
        assertThatThrownBy(() -> StorageLayout.modelFile("../etc", 1, "model.onnx"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("model name '../etc' contains '/'");
        assertThatThrownBy(() -> StorageLayout.datasetPrefix("a..b"))
                .hasMessageStartingWith("dataset name 'a..b' contains '..'");
        assertThatThrownBy(() -> StorageLayout.requireValidName("model name", "bad\nname"))
                .hasMessageStartingWith("model name 'bad\\u000aname' contains control characters");
        assertThatThrownBy(() -> StorageLayout.requireValidName("model name", "Fashion"))
                .hasMessage("model name 'Fashion' has upper-case letters; use 1-63 characters of a-z, 0-9, '.', '_'"
                        + " and '-', starting with a letter or digit (e.g. 'fashion-mnist')");
        assertThatThrownBy(() -> StorageLayout.requireValidName("model name", "-x"))
                .hasMessageStartingWith("model name '-x' has characters that are not allowed or does not start with");
        assertThatThrownBy(() -> StorageLayout.requireValidName("model name", "my model"))
                .hasMessageStartingWith("model name 'my model' has characters that are not allowed");
        assertThatThrownBy(() -> StorageLayout.requireValidName("model name", "a".repeat(64)))
                .hasMessageContaining("is 64 characters long, at most 63 are allowed");
        assertThatThrownBy(() -> StorageLayout.requireValidName("dataset name", null))
                .hasMessage("dataset name is required");
    }

    @Test
    void rejectsFileNamesWithPathsAndBadVersions() {
        assertThatThrownBy(() -> StorageLayout.datasetFile("d", "x/../../y"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dataset file name 'x/../../y' contains '/'");
        assertThatThrownBy(() -> StorageLayout.modelFile("m", 1, ".."))
                .hasMessageStartingWith("model file name '..' contains '..'");
        assertThatThrownBy(() -> StorageLayout.modelFile("m", 1, ".hidden")).hasMessageContaining("starts with '.'");
        assertThatThrownBy(() -> StorageLayout.modelFile("m", 0, "model.onnx"))
                .hasMessage("model version must be 1 or more, got 0");
    }
}
