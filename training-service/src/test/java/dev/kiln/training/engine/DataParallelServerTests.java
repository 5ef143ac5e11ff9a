package dev.kiln.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.kiln.contracts.events.Hyperparameters;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The merge half of data-parallel training, on CPU arrays standing in for two devices' replicas: every replica
 * takes the same step, from the sum of the replicas' gradients.
 */
class DataParallelServerTests {
    static final Hyperparameters SGD = new Hyperparameters(1, 2, "sgd", 0.5, 1, 0);

    @Test
    void everyReplicaStepsAlongTheSummedGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray first = manager.create(new float[] {1, 2});
            NDArray second = manager.create(new float[] {1, 2});
            NDArray[] grads = {manager.create(new float[] {0.1f, 0.2f}), manager.create(new float[] {0.3f, 0.4f})};
            Optimizer optimizer = Optimizer.of(SGD);
            optimizer.beginStep();

            new DataParallelServer(Map.of("id", "1.weight"), optimizer)
                    .update("id", grads, new NDArray[] {first, second});

            assertThat(first.toFloatArray()).containsExactly(0.8f, 1.7f);
            assertThat(second.toFloatArray()).containsExactly(0.8f, 1.7f);
        }
    }

    @Test
    void aSingleDeviceStepsAlongItsOwnGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new float[] {1, 2});
            Optimizer optimizer = Optimizer.of(SGD);
            optimizer.beginStep();

            new DataParallelServer(Map.of("id", "1.weight"), optimizer)
                    .update("id", new NDArray[] {manager.create(new float[] {0.2f, 0.4f})}, new NDArray[] {weight});

            assertThat(weight.toFloatArray()).containsExactly(0.9f, 1.8f);
        }
    }
}
