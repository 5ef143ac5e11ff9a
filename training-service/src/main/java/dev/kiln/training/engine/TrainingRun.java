package dev.kiln.training.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.kiln.contracts.events.Hyperparameters;
import dev.kiln.contracts.spec.Conv2d;
import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.formats.StateDict;
import dev.kiln.formats.djl.DjlNetworkBuilder;
import dev.kiln.formats.djl.DjlStateDicts;
import dev.kiln.formats.onnx.InputNormalization;
import dev.kiln.training.data.Samples;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One job's network, data and optimizer on its devices, trained epoch by epoch with a hand-written loop (forward,
 * backward, one fused update per parameter). With several devices each batch is split across them and their
 * gradients summed ({@link DataParallelServer}). Deterministic on CPU: the same seed gives the same figures.
 */
public final class TrainingRun implements AutoCloseable {
    private static final long SHUFFLE_STREAM = 3;
    private static final long DROPOUT_STREAM = 4;
    private static final int EVAL_BATCH = 1000;

    private final InferredModel model;
    private final Hyperparameters hyperparameters;
    private final List<Device> devices;
    private final NDManager manager;
    private final SequentialBlock network;
    private final PreparedData data;
    private final Optimizer optimizer;
    private final ParameterStore store;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();

    private TrainingRun(
            InferredModel model,
            Hyperparameters hyperparameters,
            List<Device> devices,
            NDManager manager,
            SequentialBlock network,
            PreparedData data) {
        this.model = model;
        this.hyperparameters = hyperparameters;
        this.devices = List.copyOf(devices);
        this.manager = manager;
        this.network = network;
        this.data = data;
        this.optimizer = Optimizer.of(hyperparameters);
        this.store = new ParameterStore(manager, false);
        store.setParameterServer(
                new DataParallelServer(NetworkParameters.stateDictKeys(network), optimizer),
                devices.toArray(Device[]::new));
    }

    /** Builds the network from the spec and puts the data on the first device. */
    public static TrainingRun start(
            InferredModel model, Hyperparameters hyperparameters, List<Device> devices, Samples train, Samples test) {
        TorchThreads.disableGradientsOutsideCollectors();
        NativeMemory.keepFreedMemory();
        NDManager manager = NDManager.newBaseManager(devices.get(0));
        try {
            Engine.getInstance().setRandomSeed((int) hyperparameters.seed());
            SequentialBlock network = DjlNetworkBuilder.build(model);
            network.initialize(manager, DataType.FLOAT32, DjlNetworkBuilder.inputShape(model, 1));
            NetworkParameters.initializeLikeTorch(network, hyperparameters.seed());
            PreparedData data = PreparedData.prepare(
                    manager,
                    train,
                    test,
                    hyperparameters.validationFraction(),
                    hyperparameters.seed(),
                    hasConvolution(model));
            return new TrainingRun(model, hyperparameters, devices, manager, network, data);
        } catch (RuntimeException | Error e) {
            manager.close();
            throw e;
        }
    }

    /** Continues from a checkpoint; call before the first epoch. */
    public void restore(Checkpoint checkpoint) {
        DjlStateDicts.load(checkpoint.parameters(), network, model);
        optimizer.restore(checkpoint.steps(), checkpoint.optimizerState());
    }

    public int trainingSamples() {
        return data.trainCount();
    }

    public int validationSamples() {
        return data.validationCount();
    }

    public InputNormalization normalization() {
        return data.normalization;
    }

    /**
     * Trains one epoch over a seeded shuffle of the training split, then measures the validation split.
     *
     * @param cancelled asked before every batch; when true, training stops with {@link TrainingCancelledException}
     */
    public EpochMetrics trainEpoch(int epoch, BatchListener listener, BooleanSupplier cancelled) {
        Engine.getInstance().setRandomSeed((int) SeededRandom.forStream(hyperparameters.seed(), DROPOUT_STREAM, epoch)
                .nextLong());
        int n = data.trainCount();
        int batchSize = hyperparameters.batchSize();
        int batches = (n + batchSize - 1) / batchSize;
        int[] order = SeededRandom.forStream(hyperparameters.seed(), SHUFFLE_STREAM, epoch)
                .permutation(n);
        long started = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        try (NDManager epochScope = data.manager.newSubManager()) {
            NDArray index = epochScope.create(PreparedData.longs(order));
            NDArray xs = data.trainX.get(index);
            NDArray ys = data.trainY.get(index);
            xs.attach(epochScope);
            ys.attach(epochScope);
            for (int b = 0; b < batches; b++) {
                if (cancelled.getAsBoolean()) {
                    throw new TrainingCancelledException(epoch, b + 1);
                }
                int from = b * batchSize;
                int to = Math.min(n, from + batchSize);
                try (NDManager stepScope = epochScope.newSubManager()) {
                    NDIndex slice = new NDIndex("{}:{}", from, to);
                    double[] result = step(data.input(xs.get(stepScope, slice)), ys.get(stepScope, slice));
                    lossSum += result[0];
                    correct += (long) result[1];
                }
                seen += to - from;
                double seconds = (System.nanoTime() - started) / 1e9;
                listener.onBatch(epoch, b + 1, batches, lossSum / seen, (double) correct / seen, seen / seconds);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Evaluation validation = data.validationCount() > 0 ? evaluate(data.valX, data.valY) : null;
        return new EpochMetrics(
                epoch,
                lossSum / seen,
                (double) correct / seen,
                validation == null ? null : validation.loss(),
                validation == null ? null : validation.accuracy(),
                seen / seconds,
                (System.nanoTime() - started) / 1e9);
    }

    /** Loss and accuracy on the test split. */
    public Evaluation evaluateTest() {
        return evaluate(data.testX, data.testY);
    }

    /** The state to resume from after {@code epoch}. */
    public Checkpoint checkpoint(int epoch, List<EpochMetrics> history) {
        return new Checkpoint(epoch, optimizer.steps(), history, stateDict(), optimizer.state());
    }

    /** The trained tensors, keyed as {@code nn.Sequential} keys them. */
    public StateDict stateDict() {
        return DjlStateDicts.fromNetwork(network, model, optimizer.steps());
    }

    /** One optimizer step on a batch; returns the batch's summed loss and its number of correct predictions. */
    private double[] step(NDArray x, NDArray y) {
        optimizer.beginStep();
        BatchSplit split = BatchSplit.of(Math.toIntExact(x.getShape().get(0)), devices.size());
        double lossSum = 0;
        long correct = 0;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            for (BatchSplit.Part part : split.parts()) {
                NDArray xi = part(x, split, part);
                NDArray yi = part(y, split, part);
                NDArray logits = network.forward(store, new NDList(xi), true).singletonOrThrow();
                NDArray batchLoss = loss.evaluate(new NDList(yi), new NDList(logits));
                collector.backward(part.lossWeight() == 1.0 ? batchLoss : batchLoss.mul(part.lossWeight()));
                lossSum += batchLoss.getFloat() * part.length();
                correct += logits.argMax(1).eq(yi).countNonzero().getLong();
            }
        }
        store.updateAllParameters();
        return new double[] {lossSum, correct};
    }

    private NDArray part(NDArray batch, BatchSplit split, BatchSplit.Part part) {
        if (split.parts().size() == 1) {
            return batch;
        }
        NDArray slice = batch.get(new NDIndex("{}:{}", part.start(), part.start() + part.length()));
        return slice.toDevice(devices.get(part.device()), false);
    }

    private Evaluation evaluate(NDArray x, NDArray y) {
        long n = x.getShape().get(0);
        double lossSum = 0;
        long correct = 0;
        for (long from = 0; from < n; from += EVAL_BATCH) {
            long to = Math.min(n, from + EVAL_BATCH);
            try (NDManager scope = data.manager.newSubManager()) {
                NDIndex slice = new NDIndex("{}:{}", from, to);
                NDArray xi = data.input(x.get(scope, slice));
                NDArray yi = y.get(scope, slice);
                NDArray logits = network.forward(store, new NDList(xi), false).singletonOrThrow();
                lossSum += loss.evaluate(new NDList(yi), new NDList(logits)).getFloat() * (to - from);
                correct += logits.argMax(1).eq(yi).countNonzero().getLong();
            }
        }
        return new Evaluation(lossSum / n, (double) correct / n, n);
    }

    private static boolean hasConvolution(InferredModel model) {
        return model.layers().stream().anyMatch(layer -> layer.layer() instanceof Conv2d);
    }

    @Override
    public void close() {
        data.close();
        network.clear();
        manager.close();
    }
}
