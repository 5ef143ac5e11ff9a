package dev.kiln.inference.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.inference.error.ErrorCode;
import dev.kiln.inference.error.InferenceException;
import dev.kiln.inference.support.Core;
import dev.kiln.inference.support.TestModels;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelResolverTests {
    final Core core = new Core();

    @AfterEach
    void close() {
        core.close();
    }

    ModelKey resolve(String model) {
        return core.resolver.resolve(ModelRef.parse(model, null));
    }

    @Test
    void aBareNameMeansItsProductionAliasWhenOneIsSet() {
        core.shelf.register("fashion", 1, 1);
        core.shelf.register("fashion", 2, 2);
        core.catalog.setAlias("fashion", "production", 1);
        assertThat(resolve("fashion")).isEqualTo(new ModelKey("fashion", 1));
    }

    @Test
    void aBareNameMeansTheLatestReadyVersionWithoutAProductionAlias() {
        core.shelf.register("fashion", 1, 1);
        core.shelf.register("fashion", 2, 2);
        core.shelf.register("fashion", 3, TestModels.mlp("fashion", 3, 3), "PENDING_REGISTRATION");
        assertThat(resolve("fashion")).isEqualTo(new ModelKey("fashion", 2));
    }

    @Test
    void aNameWithAnAliasMeansThatAlias() {
        core.shelf.register("fashion", 1, 1);
        core.shelf.register("fashion", 2, 2);
        core.catalog.setAlias("fashion", "champion", 1);
        assertThat(resolve("fashion@champion")).isEqualTo(new ModelKey("fashion", 1));
        assertThat(core.resolver.resolve(ModelRef.parse("fashion", "2"))).isEqualTo(new ModelKey("fashion", 2));
    }

    @Test
    void unknownModelsAndAliasesAreNotFound() {
        core.shelf.register("fashion", 1, 1);
        assertThatThrownBy(() -> resolve("shoes"))
                .hasMessageContaining("model 'shoes' is not registered")
                .extracting(e -> ((InferenceException) e).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThatThrownBy(() -> resolve("fashion@champion"))
                .hasMessageContaining("model 'fashion' has no alias 'champion'");
    }

    @Test
    void aMovedAliasIsServedOnlyOnceTheNewVersionIsLoaded() {
        core.shelf.register("fashion", 1, 1);
        core.shelf.register("fashion", 2, 2);
        core.catalog.setAlias("fashion", "production", 1);
        core.cache.get(resolve("fashion"));

        core.catalog.setAlias("fashion", "production", 2);
        core.resolver.aliasChanged("fashion", "production", 2);

        ModelKey key = resolve("fashion");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (key.version() == 1 && System.nanoTime() < deadline) {
            key = resolve("fashion");
        }
        assertThat(key).isEqualTo(new ModelKey("fashion", 2));
        assertThat(core.cache.ifLoaded(key)).isPresent();
    }

    @Test
    void aCorruptedNewVersionIsRefusedAndTheOldOneKeepsServing() throws Exception {
        core.shelf.register("fashion", 1, 1);
        byte[] second = core.shelf.register("fashion", 2, 2);
        core.shelf.corrupt("fashion", 2, second);
        core.catalog.setAlias("fashion", "production", 1);
        core.cache.get(resolve("fashion"));

        core.catalog.setAlias("fashion", "production", 2);
        core.resolver.aliasChanged("fashion", "production", 2);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (core.catalog.versionLookups() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(200);

        assertThat(resolve("fashion")).isEqualTo(new ModelKey("fashion", 1));
        assertThat(core.cache.ifLoaded(new ModelKey("fashion", 2))).isEmpty();
        assertThat(core.service
                        .infer(Core.request("fashion", null, TestModels.randomSamples(1, 1), 1))
                        .modelVersion())
                .isEqualTo("1");
    }

    @Test
    void aDeletedProductionAliasFallsBackToTheLatestReadyVersion() {
        core.shelf.register("fashion", 1, 1);
        core.shelf.register("fashion", 2, 2);
        core.catalog.setAlias("fashion", "production", 1);
        assertThat(resolve("fashion").version()).isEqualTo(1);

        core.catalog.setAlias("fashion", "production", null);
        core.resolver.aliasChanged("fashion", "production", null);
        awaitVersion("fashion", 2);
    }

    @Test
    void aNewlyRegisteredVersionIsServedWhenNoProductionAliasIsSet() {
        core.shelf.register("fashion", 1, 1);
        assertThat(resolve("fashion").version()).isEqualTo(1);
        core.shelf.register("fashion", 2, 2);
        core.resolver.modelChanged("fashion");
        awaitVersion("fashion", 2);
    }

    @Test
    void aDeletedVersionIsUnloadedAfterTheNameMovesOn() {
        core.shelf.register("fashion", 1, 1);
        core.shelf.register("fashion", 2, 2);
        core.cache.get(resolve("fashion"));
        core.catalog.remove("fashion", 2);
        core.resolver.versionDeleted("fashion", 2);
        awaitVersion("fashion", 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (core.cache.ifLoaded(new ModelKey("fashion", 2)).isPresent() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(core.cache.ifLoaded(new ModelKey("fashion", 2))).isEmpty();
    }

    private void awaitVersion(String model, int version) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (resolve(model).version() != version && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(resolve(model).version()).isEqualTo(version);
    }
}
