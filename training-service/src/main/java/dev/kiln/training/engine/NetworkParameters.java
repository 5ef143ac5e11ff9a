package dev.kiln.training.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import dev.kiln.formats.djl.DjlStateDicts;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Names and initial values of a network's parameters, as PyTorch would have them. */
final class NetworkParameters {
    private static final long INIT_STREAM = 1;

    private NetworkParameters() {}

    /** The state-dict key ({@code 1.weight}) of every DJL parameter id. */
    static Map<String, String> stateDictKeys(SequentialBlock network) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (Pair<String, Block> child : network.getChildren()) {
            for (Pair<String, Parameter> parameter : child.getValue().getDirectParameters()) {
                keys.put(
                        parameter.getValue().getId(),
                        DjlStateDicts.toStateDictKey(child.getKey() + "_" + parameter.getKey()));
            }
        }
        return keys;
    }

    /**
     * Re-draws the weights and biases of every Linear and Conv2d as PyTorch's {@code reset_parameters} does,
     * uniform in ±1/sqrt(fan_in), from the job's seed (so the start does not depend on DJL's initializers or on the
     * engine's random state). BatchNorm keeps its ones and zeros, as in PyTorch.
     */
    static void initializeLikeTorch(SequentialBlock network, long seed) {
        int index = 0;
        for (Pair<String, Block> child : network.getChildren()) {
            Block block = child.getValue();
            if (block instanceof Linear || block instanceof Convolution) {
                SeededRandom random = SeededRandom.forStream(seed, INIT_STREAM, index);
                NDArray weight = block.getParameters().get("weight").getArray();
                long[] shape = weight.getShape().getShape();
                long fanIn = 1;
                for (int d = 1; d < shape.length; d++) {
                    fanIn *= shape[d];
                }
                double bound = 1 / Math.sqrt(fanIn);
                fill(weight, random, bound);
                Parameter bias = block.getParameters().get("bias");
                if (bias != null && bias.isInitialized()) {
                    fill(bias.getArray(), random, bound);
                }
            }
            index++;
        }
    }

    private static void fill(NDArray array, SeededRandom random, double bound) {
        float[] values = new float[Math.toIntExact(array.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        array.set(FloatBuffer.wrap(values));
    }
}
