package dev.kiln.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.contracts.spec.ModelSpecJson;
import org.junit.jupiter.api.Test;

class HyperparametersTests {

    @Test
    void defaultsAreTheApiExample() {
        assertThat(Hyperparameters.defaults()).isEqualTo(new Hyperparameters(5, 64, "adam", 0.001, 42, 0.1));
        assertThat(Hyperparameters.defaults().validationErrors()).isEmpty();
        assertThat(Hyperparameters.defaults().validate()).isSameAs(Hyperparameters.defaults());
    }

    @Test
    void absentJsonFieldsTakeTheDefaults() {
        Hyperparameters parsed =
                ModelSpecJson.mapper().readValue("{\"epochs\": 20, \"learning_rate\": 0.01}", Hyperparameters.class);

        assertThat(parsed).isEqualTo(new Hyperparameters(20, 64, "adam", 0.01, 42, 0.1));
    }

    @Test
    void namesEveryFieldOutOfRange() {
        Hyperparameters bad = new Hyperparameters(0, 100_000, "rmsprop", 0, 1, 0.6);

        assertThat(bad.validationErrors())
                .containsExactly(
                        "hyperparameters.epochs must be between 1 and 1000, got 0",
                        "hyperparameters.batch_size must be between 1 and 65536, got 100000",
                        "hyperparameters.optimizer must be one of sgd, adam, adamw, got 'rmsprop'",
                        "hyperparameters.learning_rate must be greater than 0 and at most 10, got 0.0",
                        "hyperparameters.validation_fraction must be between 0 and 0.5, got 0.6");
        assertThatThrownBy(bad::validate)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "hyperparameters.epochs must be between 1 and 1000, got 0; " + "hyperparameters.batch_size");
    }

    @Test
    void acceptsTheEdgesOfEachRange() {
        assertThat(new Hyperparameters(1, 1, "sgd", 10, -7, 0).validationErrors())
                .isEmpty();
        assertThat(new Hyperparameters(1000, 65536, "adamw", 1e-9, 0, 0.5).validationErrors())
                .isEmpty();
        assertThat(new Hyperparameters(1001, 64, "adam", 10.5, 0, -0.1).validationErrors())
                .hasSize(3);
    }

    @Test
    void pointsAtTheLowerCaseOptimizerName() {
        assertThat(new Hyperparameters(5, 64, "Adam", 0.001, 42, 0.1).validationErrors())
                .containsExactly("hyperparameters.optimizer must be one of sgd, adam, adamw, got 'Adam' (lower-case:"
                        + " 'adam')");
        assertThat(new Hyperparameters(5, 64, null, 0.001, 42, 0.1).validationErrors())
                .containsExactly("hyperparameters.optimizer must be one of sgd, adam, adamw, got nothing");
    }

    @Test
    void rejectsNotANumberLearningRate() {
        assertThat(new Hyperparameters(5, 64, "adam", Double.NaN, 42, 0.1).validationErrors())
                .containsExactly("hyperparameters.learning_rate must be greater than 0 and at most 10, got NaN");
    }

    @Test
    void resourcesAcceptAutoCpuGpuOnly() {
        assertThat(Resources.defaults().validate().device()).isEqualTo("auto");
        assertThat(new Resources("gpu").validate().device()).isEqualTo("gpu");
        assertThat(new Resources(null).deviceOrDefault()).isEqualTo("auto");
        assertThatThrownBy(() -> new Resources("tpu").validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("resources.device must be one of auto, cpu, gpu, got 'tpu'");
        assertThat(ModelSpecJson.mapper().readValue("{\"device\": \"cpu\"}", Resources.class))
                .isEqualTo(new Resources("cpu"));
    }
}
