package dev.kiln.training.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.kiln.contracts.events.Hyperparameters;
import dev.kiln.contracts.spec.AvgPool2d;
import dev.kiln.contracts.spec.BatchNorm1d;
import dev.kiln.contracts.spec.BatchNorm2d;
import dev.kiln.contracts.spec.Conv2d;
import dev.kiln.contracts.spec.Dropout;
import dev.kiln.contracts.spec.Flatten;
import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.contracts.spec.Linear;
import dev.kiln.contracts.spec.MaxPool2d;
import dev.kiln.contracts.spec.ModelSpec;
import dev.kiln.contracts.spec.ModelTemplates;
import dev.kiln.contracts.spec.ReLU;
import dev.kiln.contracts.spec.ShapeInference;
import dev.kiln.contracts.spec.Sigmoid;
import dev.kiln.contracts.spec.Softmax;
import dev.kiln.contracts.spec.Tanh;
import dev.kiln.training.data.FashionMnist;
import dev.kiln.training.data.Samples;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The training loop on real Fashion-MNIST samples (a few thousand, so each run takes a second or two). */
class TrainingRunTests {
    static final Samples TRAIN = FashionMnist.train(3000);
    static final Samples TEST = FashionMnist.test(1000);
    static final InferredModel MLP = ShapeInference.infer(ModelTemplates.mlp(FashionMnist.SHAPE, 10));
    static final List<Device> CPU = List.of(Device.cpu());

    static Hyperparameters hyperparameters(String optimizer, int epochs) {
        return new Hyperparameters(epochs, 64, optimizer, optimizer.equals("sgd") ? 0.05 : 0.001, 7, 0.1);
    }

    @Test
    void theMlpLearnsFashionMnist() {
        try (TrainingRun run = TrainingRun.start(MLP, hyperparameters("adam", 2), CPU, TRAIN, TEST)) {
            run.trainEpoch(1, (e, b, n, l, a, s) -> {}, () -> false);
            EpochMetrics second = run.trainEpoch(2, (e, b, n, l, a, s) -> {}, () -> false);
            assertThat(second.valAccuracy()).isGreaterThan(0.75);
            assertThat(run.evaluateTest().accuracy()).isGreaterThan(0.75);
            assertThat(run.trainingSamples()).isEqualTo(2700);
            assertThat(run.validationSamples()).isEqualTo(300);
        }
    }

    @Test
    void theSameSeedGivesTheSameFiguresOnCpu() {
        assertThat(epochs(hyperparameters("adam", 2), null)).isEqualTo(epochs(hyperparameters("adam", 2), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam", "adamw"})
    void resumingFromACheckpointContinuesExactlyAsAnUninterruptedRun(String optimizer) {
        Hyperparameters hp = hyperparameters(optimizer, 2);
        List<EpochMetrics> uninterrupted = epochs(hp, null);
        Checkpoint afterFirst;
        try (TrainingRun run = TrainingRun.start(MLP, hp, CPU, TRAIN, TEST)) {
            EpochMetrics first = run.trainEpoch(1, (e, b, n, l, a, s) -> {}, () -> false);
            afterFirst = run.checkpoint(1, List.of(first));
        }
        List<EpochMetrics> resumed = epochs(hp, afterFirst);
        assertThat(comparable(resumed.get(1))).isEqualTo(comparable(uninterrupted.get(1)));
    }

    @Test
    void everyLayerTypeTrains() {
        ModelSpec spec = ModelSpec.of(
                FashionMnist.SHAPE,
                new Conv2d(4, 3, 1),
                new BatchNorm2d(),
                new Tanh(),
                new MaxPool2d(2),
                new Conv2d(4, 3, 0),
                new AvgPool2d(2),
                new Flatten(),
                new Dropout(0.2),
                new Linear(32),
                new BatchNorm1d(),
                new Sigmoid(),
                new Linear(16),
                new ReLU(),
                new Linear(10),
                new Softmax());
        InferredModel model = ShapeInference.infer(spec);
        try (TrainingRun run = TrainingRun.start(model, hyperparameters("adamw", 1), CPU, TRAIN, TEST)) {
            EpochMetrics epoch = run.trainEpoch(1, (e, b, n, l, a, s) -> {}, () -> false);
            assertThat(epoch.trainLoss()).isFinite();
            assertThat(epoch.valAccuracy()).isGreaterThan(0.2);
            assertThat(run.stateDict().keys()).contains("1.running_mean", "1.num_batches_tracked", "9.weight");
            assertThat(run.stateDict().get("1.num_batches_tracked").toLongArray())
                    .containsExactly(43L);
        }
    }

    @Test
    void stopsBetweenBatchesWhenAsked() {
        List<Integer> batches = new ArrayList<>();
        try (TrainingRun run = TrainingRun.start(MLP, hyperparameters("sgd", 1), CPU, TRAIN, TEST)) {
            assertThatThrownBy(() -> run.trainEpoch(1, (e, b, n, l, a, s) -> batches.add(b), () -> batches.size() >= 5))
                    .isInstanceOf(TrainingCancelledException.class)
                    .hasMessageContaining("batch 6 of epoch 1");
        }
        assertThat(batches).containsExactly(1, 2, 3, 4, 5);
    }

    private static List<EpochMetrics> epochs(Hyperparameters hp, Checkpoint from) {
        List<EpochMetrics> epochs = new ArrayList<>();
        try (TrainingRun run = TrainingRun.start(MLP, hp, CPU, TRAIN, TEST)) {
            int start = 1;
            if (from != null) {
                run.restore(from);
                epochs.addAll(from.history());
                start = from.epoch() + 1;
            }
            for (int epoch = start; epoch <= hp.epochs(); epoch++) {
                epochs.add(comparable(run.trainEpoch(epoch, (e, b, n, l, a, s) -> {}, () -> false)));
            }
        }
        return epochs;
    }

    /** The figures without the timings. */
    private static EpochMetrics comparable(EpochMetrics m) {
        return new EpochMetrics(m.epoch(), m.trainLoss(), m.trainAccuracy(), m.valLoss(), m.valAccuracy(), 0, 0);
    }
}
