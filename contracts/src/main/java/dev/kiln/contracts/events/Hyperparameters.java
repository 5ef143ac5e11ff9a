package dev.kiln.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * How to train. JSON fields that are absent take the {@link #defaults()}; {@link #validate()} checks the ranges.
 *
 * @param epochs passes over the training split, 1..1000 (default 5)
 * @param batchSize samples per step, 1..65536 (default 64)
 * @param optimizer {@code sgd}, {@code adam} or {@code adamw} (default adam)
 * @param learningRate greater than 0, at most 10 (default 0.001)
 * @param seed random seed for initialisation, shuffling and the validation split (default 42)
 * @param validationFraction share of the training split held out for validation, 0..0.5 (default 0.1)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Hyperparameters(
        int epochs, int batchSize, String optimizer, double learningRate, long seed, double validationFraction) {
    public static final int MAX_EPOCHS = 1000;
    public static final int MAX_BATCH_SIZE = 65536;
    public static final double MAX_LEARNING_RATE = 10;
    public static final double MAX_VALIDATION_FRACTION = 0.5;
    public static final List<String> OPTIMIZERS = List.of("sgd", "adam", "adamw");

    private static final Hyperparameters DEFAULTS = new Hyperparameters(5, 64, "adam", 0.001, 42, 0.1);

    /** epochs 5, batch_size 64, adam, learning_rate 0.001, seed 42, validation_fraction 0.1. */
    public static Hyperparameters defaults() {
        return DEFAULTS;
    }

    /** Reads JSON, taking the default of every absent field. */
    @JsonCreator
    static Hyperparameters fromJson(
            @JsonProperty("epochs") Integer epochs,
            @JsonProperty("batch_size") Integer batchSize,
            @JsonProperty("optimizer") String optimizer,
            @JsonProperty("learning_rate") Double learningRate,
            @JsonProperty("seed") Long seed,
            @JsonProperty("validation_fraction") Double validationFraction) {
        return new Hyperparameters(
                epochs == null ? DEFAULTS.epochs : epochs,
                batchSize == null ? DEFAULTS.batchSize : batchSize,
                optimizer == null ? DEFAULTS.optimizer : optimizer,
                learningRate == null ? DEFAULTS.learningRate : learningRate,
                seed == null ? DEFAULTS.seed : seed,
                validationFraction == null ? DEFAULTS.validationFraction : validationFraction);
    }

    /** Every problem with these values, each naming its field; empty when they are valid. */
    public List<String> validationErrors() {
        List<String> errors = new ArrayList<>();
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            errors.add("hyperparameters.epochs must be between 1 and " + MAX_EPOCHS + ", got " + epochs);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            errors.add("hyperparameters.batch_size must be between 1 and " + MAX_BATCH_SIZE + ", got " + batchSize);
        }
        if (optimizer == null || !OPTIMIZERS.contains(optimizer)) {
            errors.add("hyperparameters.optimizer must be one of sgd, adam, adamw, got "
                    + (optimizer == null ? "nothing" : "'" + optimizer + "'")
                    + (optimizer != null && OPTIMIZERS.contains(optimizer.toLowerCase(Locale.ROOT))
                            ? " (lower-case: '" + optimizer.toLowerCase(Locale.ROOT) + "')"
                            : ""));
        }
        if (!(learningRate > 0 && learningRate <= MAX_LEARNING_RATE)) {
            errors.add("hyperparameters.learning_rate must be greater than 0 and at most 10, got " + learningRate);
        }
        if (!(validationFraction >= 0 && validationFraction <= MAX_VALIDATION_FRACTION)) {
            errors.add("hyperparameters.validation_fraction must be between 0 and 0.5, got " + validationFraction);
        }
        return errors;
    }

    /**
     * Checks the ranges.
     *
     * @return this, when valid
     * @throws IllegalArgumentException listing every problem, e.g. "hyperparameters.epochs must be between 1 and
     *     1000, got 0"
     */
    public Hyperparameters validate() {
        List<String> errors = validationErrors();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return this;
    }
}
