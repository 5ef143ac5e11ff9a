package dev.kiln.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.contracts.spec.ModelTemplates;
import dev.kiln.contracts.spec.ShapeInference;
import dev.kiln.formats.djl.DjlNetworkBuilder;
import dev.kiln.training.data.FashionMnist;
import dev.kiln.training.data.Samples;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Channels-last images give the CNN the same loss, outputs and gradients as the default layout, up to rounding. */
class ChannelsLastTests {
    @Test
    void theCnnComputesTheSameLossLogitsAndGradientsFromChannelsLastImages() {
        InferredModel cnn = ShapeInference.infer(ModelTemplates.cnn(FashionMnist.SHAPE, 10));
        Samples train = FashionMnist.train(80);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                PreparedData plain = PreparedData.prepare(manager, train, null, 0.2, 7, false);
                PreparedData channelsLast = PreparedData.prepare(manager, train, null, 0.2, 7, true)) {
            SequentialBlock network = DjlNetworkBuilder.build(cnn);
            network.initialize(manager, DataType.FLOAT32, DjlNetworkBuilder.inputShape(cnn, 1));
            NetworkParameters.initializeLikeTorch(network, 7);
            ParameterStore store = new ParameterStore(manager, false);
            NDIndex batch = new NDIndex("0:64");

            List<float[]> expected =
                    step(network, store, plain.input(plain.trainX.get(batch)), plain.trainY.get(batch));
            List<float[]> actual = step(
                    network, store, channelsLast.input(channelsLast.trainX.get(batch)), channelsLast.trainY.get(batch));

            assertThat(actual).hasSameSizeAs(expected);
            // loss and logits: equal up to rounding
            for (int i = 0; i < 2; i++) {
                assertThat(maxDifference(actual.get(i), expected.get(i))).isLessThan(1e-4 * maxAbs(expected.get(i)));
            }
            // gradients: the kernels of the two layouts round differently, which can move max pooling's choice
            // between equal values and so a few gradient entries; PyTorch's own NCHW and channels-last passes differ
            // by up to ~1.3% (L2) on this batch, these by ~0.4%. The conv biases, followed by batch norm, have a zero
            // gradient up to rounding.
            for (int i = 2; i < expected.size(); i++) {
                float[] e = expected.get(i);
                if (maxAbs(e) < 1e-5) {
                    assertThat(maxAbs(actual.get(i))).isLessThan(1e-5);
                } else {
                    assertThat(norm(difference(actual.get(i), e))).isLessThan(0.01 * norm(e));
                }
            }
        }
    }

    private static double maxDifference(float[] a, float[] b) {
        return maxAbs(difference(a, b));
    }

    private static float[] difference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static double norm(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum);
    }

    /** Loss, logits and every parameter's gradient of one training-mode forward and backward pass. */
    private static List<float[]> step(SequentialBlock network, ParameterStore store, NDArray x, NDArray y) {
        Engine.getInstance().setRandomSeed(11); // the same dropout masks in both passes
        List<float[]> results = new ArrayList<>();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = network.forward(store, new NDList(x), true).singletonOrThrow();
            NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(logits));
            collector.backward(loss);
            results.add(loss.toFloatArray());
            results.add(logits.toFloatArray());
        }
        for (Pair<String, Parameter> parameter : network.getParameters()) {
            if (!parameter.getValue().requiresGradient()) {
                continue; // batch norm's running statistics
            }
            NDArray gradient = parameter.getValue().getArray().getGradient();
            results.add(gradient.toFloatArray());
            gradient.muli(0);
        }
        return results;
    }
}
