package dev.kiln.training.engine;

import dev.kiln.formats.StateDict;
import dev.kiln.formats.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Everything a job needs to go on after an epoch exactly as if it had not stopped: the parameters (with BatchNorm's
 * running statistics), the optimizer's step count and state, and the epochs so far. The random state needs no
 * saving: shuffles, dropout and the validation split are drawn from streams keyed by the seed and the epoch.
 *
 * @param epoch the last finished epoch
 * @param steps optimizer steps taken
 * @param history the metrics of epochs 1..epoch
 * @param parameters the state dict
 * @param optimizerState the optimizer's tensors by {@code slot/key}
 */
public record Checkpoint(
        int epoch, long steps, List<EpochMetrics> history, StateDict parameters, Map<String, Tensor> optimizerState) {
    public Checkpoint {
        history = List.copyOf(history);
        optimizerState = Map.copyOf(optimizerState);
    }
}
