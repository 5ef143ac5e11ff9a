package dev.kiln.inference.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import dev.kiln.inference.error.ErrorCode;
import dev.kiln.inference.error.InferenceException;
import dev.kiln.inference.runtime.OrtModelRuntime;
import dev.kiln.inference.support.InMemoryArtifacts;
import dev.kiln.inference.support.InMemoryCatalog;
import dev.kiln.inference.support.ModelShelf;
import dev.kiln.inference.support.TestModels;
import org.junit.jupiter.api.Test;

class ModelLoaderTests {
    final InMemoryCatalog catalog = new InMemoryCatalog();
    final InMemoryArtifacts artifacts = new InMemoryArtifacts();
    final ModelShelf shelf = new ModelShelf(catalog, artifacts::put, "kiln");
    final ModelLoader loader = new ModelLoader(
            catalog, artifacts, new OrtModelRuntime(OrtEnvironment.getEnvironment(), 1, false), 64L << 20);

    @Test
    void loadsAReadyVersionWhoseBytesMatchTheRegistry() {
        shelf.register("fashion", 1, 11);
        ModelLoader.LoadedVersion version = loader.load(new ModelKey("fashion", 1));
        try (var model = version.model()) {
            assertThat(version.info().labels()).isEqualTo(TestModels.LABELS);
            assertThat(model.inputs()).hasSize(1);
        }
    }

    @Test
    void refusesAnArtifactWhoseSha256DiffersAndSaysWhatItExpected() {
        byte[] onnx = shelf.register("fashion", 1, 11);
        shelf.corrupt("fashion", 1, onnx);
        assertThatThrownBy(() -> loader.load(new ModelKey("fashion", 1)))
                .isInstanceOf(InferenceException.class)
                .hasMessageContaining("model fashion/1 was not loaded")
                .hasMessageContaining("memory://models/fashion/1/model.onnx failed the integrity check")
                .hasMessageContaining("the registry recorded " + TestModels.sha256(onnx))
                .extracting(e -> ((InferenceException) e).code())
                .isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    void refusesAnArtifactOfAnotherSize() {
        byte[] onnx = shelf.register("fashion", 1, 11);
        artifacts.put("models/fashion/1/model.onnx", java.util.Arrays.copyOf(onnx, onnx.length - 1));
        assertThatThrownBy(() -> loader.load(new ModelKey("fashion", 1)))
                .hasMessageContaining("it has " + (onnx.length - 1) + " bytes, the registry recorded " + onnx.length);
    }

    @Test
    void refusesAVersionThatIsNotReady() {
        shelf.register("fashion", 1, TestModels.mlp("fashion", 1, 1), "PENDING_REGISTRATION");
        assertThatThrownBy(() -> loader.load(new ModelKey("fashion", 1)))
                .hasMessageContaining("is PENDING_REGISTRATION; only READY versions are served");
    }

    @Test
    void anUnknownVersionIsNotFound() {
        shelf.register("fashion", 1, 11);
        assertThatThrownBy(() -> loader.load(new ModelKey("fashion", 9)))
                .extracting(e -> ((InferenceException) e).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void refusesAModelLargerThanTheMemoryBound() {
        shelf.register("fashion", 1, 11);
        ModelLoader small = new ModelLoader(
                catalog, artifacts, new OrtModelRuntime(OrtEnvironment.getEnvironment(), 1, false), 1000);
        assertThatThrownBy(() -> small.load(new ModelKey("fashion", 1)))
                .hasMessageContaining("more than this server's model memory (1000 bytes");
    }
}
