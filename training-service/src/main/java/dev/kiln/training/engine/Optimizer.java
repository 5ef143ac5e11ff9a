package dev.kiln.training.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.kiln.contracts.events.Hyperparameters;
import dev.kiln.formats.Tensor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SGD, Adam and AdamW with PyTorch's defaults, whose state (step count and Adam's moments) is ours, so a checkpoint
 * holds it exactly. The arithmetic runs in one native call per parameter (DJL's fused update, which also zeroes the
 * gradient), without DJL's per-step gradient copies. State lives per parameter and device, keyed by the state-dict
 * key of the parameter; the first device a parameter is updated on is the one whose state is saved.
 */
abstract class Optimizer {
    private final Map<String, NDArray[]> slots = new HashMap<>();
    private final Map<String, String> primary = new LinkedHashMap<>();
    private final Map<String, Tensor> restored = new HashMap<>();
    private long steps;

    static Optimizer of(Hyperparameters hyperparameters) {
        float lr = (float) hyperparameters.learningRate();
        return switch (hyperparameters.optimizer()) {
            case "sgd" -> new Sgd(lr);
            case "adam" -> new Adam(lr, 0f, false);
            case "adamw" -> new Adam(lr, 0.01f, true);
            default ->
                throw new IllegalArgumentException("hyperparameters.optimizer must be one of sgd, adam, adamw,"
                        + " got '" + hyperparameters.optimizer() + "'");
        };
    }

    /** Starts a training step: every update until the next call belongs to step {@link #steps()}. */
    final void beginStep() {
        steps++;
    }

    /** Steps taken (optimizer updates of every parameter). */
    final long steps() {
        return steps;
    }

    /** Applies one step to a parameter (in place) from its gradient, and zeroes the parameter's gradient. */
    abstract void update(String key, NDArray weight, NDArray grad);

    /** The names of the per-parameter state tensors, e.g. {@code exp_avg}, {@code exp_avg_sq}. */
    abstract List<String> slotNames();

    /** The state of the primary device, as {@code slot/key} tensors, e.g. {@code exp_avg/1.weight}. */
    final Map<String, Tensor> state() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        primary.forEach((key, slotKey) -> {
            NDArray[] arrays = slots.get(slotKey);
            for (int i = 0; i < arrays.length; i++) {
                state.put(
                        slotNames().get(i) + "/" + key,
                        Tensor.ofFloats(arrays[i].getShape().getShape(), arrays[i].toFloatArray()));
            }
        });
        return state;
    }

    /** Takes the step count and state of a checkpoint; the slots are filled from it when first used. */
    final void restore(long steps, Map<String, Tensor> state) {
        if (!slots.isEmpty()) {
            throw new IllegalStateException("restore the optimizer before the first step");
        }
        this.steps = steps;
        restored.putAll(state);
    }

    /** The state tensors of a parameter on its device, created on first use (zeros, or restored values). */
    final NDArray[] slots(String key, NDArray weight) {
        String slotKey = key + "@" + weight.getDevice();
        return slots.computeIfAbsent(slotKey, k -> {
            primary.putIfAbsent(key, slotKey);
            NDArray[] arrays = new NDArray[slotNames().size()];
            for (int i = 0; i < arrays.length; i++) {
                Tensor saved = restored.get(slotNames().get(i) + "/" + key);
                arrays[i] = saved == null
                        ? weight.zerosLike()
                        : weight.getManager()
                                .create(saved.toFloatArray(), new Shape(saved.shape()))
                                .toDevice(weight.getDevice(), false);
            }
            return arrays;
        });
    }

    /** {@code torch.optim.SGD(lr)}: no momentum, no weight decay. */
    static final class Sgd extends Optimizer {
        private final float lr;

        Sgd(float lr) {
            this.lr = lr;
        }

        @Override
        void update(String key, NDArray weight, NDArray grad) {
            weight.getNDArrayInternal()
                    .sgdUpdate(new NDList(weight, grad), new NDList(weight), lr, 0f, 1f, -1f, 0f, false);
        }

        @Override
        List<String> slotNames() {
            return List.of();
        }
    }

    /**
     * {@code torch.optim.Adam(lr)} (betas 0.9/0.999, eps 1e-8) or {@code torch.optim.AdamW(lr)} (weight decay 0.01,
     * decoupled).
     */
    static final class Adam extends Optimizer {
        private static final float BETA1 = 0.9f;
        private static final float BETA2 = 0.999f;
        private static final float EPS = 1e-8f;
        private final float lr;
        private final float weightDecay;
        private final boolean decoupled;

        Adam(float lr, float weightDecay, boolean decoupled) {
            this.lr = lr;
            this.weightDecay = weightDecay;
            this.decoupled = decoupled;
        }

        @Override
        void update(String key, NDArray weight, NDArray grad) {
            NDArray[] moments = slots(key, weight);
            double t = steps();
            double correction1 = 1 - Math.pow(BETA1, t);
            double correction2 = 1 - Math.pow(BETA2, t);
            float stepSize = (float) (lr * Math.sqrt(correction2) / correction1);
            weight.getNDArrayInternal()
                    .adamUpdate(
                            new NDList(weight, grad, moments[0], moments[1]),
                            new NDList(weight),
                            lr,
                            stepSize,
                            weightDecay,
                            1f,
                            -1f,
                            BETA1,
                            BETA2,
                            EPS,
                            false,
                            decoupled);
        }

        @Override
        List<String> slotNames() {
            return List.of("exp_avg", "exp_avg_sq");
        }
    }
}
