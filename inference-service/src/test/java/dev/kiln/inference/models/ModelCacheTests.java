package dev.kiln.inference.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.inference.support.Core;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ModelCacheTests {

    @Test
    void loadsAVersionOnceHoweverManyRequestsAskAtTheSameTime() throws Exception {
        try (Core core = new Core()) {
            core.shelf.register("fashion", 1, 1);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Callable<ServedModel>> gets = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                gets.add(() -> core.cache.get(new ModelKey("fashion", 1)));
            }
            List<ServedModel> models = new ArrayList<>();
            for (Future<ServedModel> f : pool.invokeAll(gets)) {
                models.add(f.get());
            }
            pool.shutdown();
            assertThat(models).allSatisfy(m -> assertThat(m).isSameAs(models.get(0)));
            assertThat(core.catalog.versionLookups()).isEqualTo(1);
        }
    }

    @Test
    void unloadsTheLeastRecentlyUsedVersionBeyondTheModelCount() {
        try (Core core = new Core(Core.BATCHING, 2, 1L << 31, 1 << 20)) {
            for (int v = 1; v <= 3; v++) {
                core.shelf.register("fashion", v, v);
            }
            core.cache.get(new ModelKey("fashion", 1));
            core.cache.get(new ModelKey("fashion", 2));
            core.cache.get(new ModelKey("fashion", 1));
            core.cache.get(new ModelKey("fashion", 3));

            assertThat(core.cache.loaded())
                    .extracting(ServedModel::key)
                    .containsExactlyInAnyOrder(new ModelKey("fashion", 1), new ModelKey("fashion", 3));
            assertThat(core.meters.get("kiln.inference.models.loaded").gauge().value())
                    .isEqualTo(2);
        }
    }

    @Test
    void unloadsVersionsBeyondTheMemoryBound() {
        byte[] probe = dev.kiln.inference.support.TestModels.mlp("fashion", 1, 1);
        long memory = probe.length * 5L / 2;
        try (Core core = new Core(Core.BATCHING, 10, memory, 1 << 20)) {
            for (int v = 1; v <= 3; v++) {
                core.shelf.register("fashion", v, v);
                core.cache.get(new ModelKey("fashion", v));
            }
            assertThat(core.cache.loaded())
                    .extracting(ServedModel::key)
                    .containsExactlyInAnyOrder(new ModelKey("fashion", 2), new ModelKey("fashion", 3));
            assertThat(core.cache.loaded().stream()
                            .mapToLong(ServedModel::memoryBytes)
                            .sum())
                    .isLessThanOrEqualTo(memory);
        }
    }

    @Test
    void aFailedLoadIsNotRememberedSoTheNextRequestTriesAgain() {
        try (Core core = new Core()) {
            byte[] onnx = core.shelf.register("fashion", 1, 1);
            core.shelf.corrupt("fashion", 1, onnx);
            assertThatThrownBy(() -> core.cache.get(new ModelKey("fashion", 1)))
                    .hasMessageContaining("integrity check");
            assertThat(core.cache.loaded()).isEmpty();

            core.artifacts.put("models/fashion/1/model.onnx", onnx);
            assertThat(core.cache.get(new ModelKey("fashion", 1)).key()).isEqualTo(new ModelKey("fashion", 1));
        }
    }
}
