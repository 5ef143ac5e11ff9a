package dev.kiln.formats.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.contracts.spec.ShapeInference;
import dev.kiln.formats.Djl;
import dev.kiln.formats.Floats;
import dev.kiln.formats.StateDict;
import dev.kiln.formats.Tensor;
import dev.kiln.formats.TestModels;
import dev.kiln.formats.imports.StateDictMismatchException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DjlStateDictsTests {
    private final InferredModel cnn = ShapeInference.infer(TestModels.cnn());
    private final InferredModel everyLayer = ShapeInference.infer(TestModels.everyLayer());

    @Test
    void mapsDjlParameterNamesToStateDictKeys() {
        assertThat(DjlStateDicts.toStateDictKey("01Conv2d_weight")).isEqualTo("0.weight");
        assertThat(DjlStateDicts.toStateDictKey("02BatchNorm_gamma")).isEqualTo("1.weight");
        assertThat(DjlStateDicts.toStateDictKey("02BatchNorm_beta")).isEqualTo("1.bias");
        assertThat(DjlStateDicts.toStateDictKey("02BatchNorm_runningMean")).isEqualTo("1.running_mean");
        assertThat(DjlStateDicts.toStateDictKey("06BatchNorm_runningVar")).isEqualTo("5.running_var");
        assertThat(DjlStateDicts.toStateDictKey("14Linear_bias")).isEqualTo("13.bias");
        assertThatThrownBy(() -> DjlStateDicts.toStateDictKey("weight"))
                .hasMessageContaining("not a parameter name of a Kiln DJL network");
    }

    @Test
    void mapsEveryParameterOfABuiltNetworkBothWays() {
        try (NDManager manager = NDManager.newBaseManager(Djl.ENGINE)) {
            SequentialBlock network = Djl.network(manager, everyLayer, TestModels.randomStateDict(everyLayer, 1), 2);
            List<String> keys = new ArrayList<>();
            for (Pair<String, Parameter> parameter : network.getParameters()) {
                String key = DjlStateDicts.toStateDictKey(parameter.getKey());
                keys.add(key);
                assertThat(DjlStateDicts.toDjlName(key, network)).isEqualTo(parameter.getKey());
            }
            List<String> expected = new ArrayList<>(everyLayer.stateDictShapes().keySet());
            expected.removeIf(key -> key.endsWith("num_batches_tracked"));
            assertThat(keys).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void writesBackExactlyTheStateDictItLoaded() {
        StateDict stateDict = TestModels.randomStateDict(everyLayer, 9);
        try (NDManager manager = NDManager.newBaseManager(Djl.ENGINE)) {
            SequentialBlock network = Djl.network(manager, everyLayer, stateDict, 2);

            StateDict written = DjlStateDicts.fromNetwork(network, everyLayer, 0);

            assertThat(written.keys())
                    .containsExactlyElementsOf(everyLayer.stateDictShapes().keySet());
            for (String key : stateDict.keys()) {
                if (key.endsWith("num_batches_tracked")) {
                    assertThat(written.get(key)).isEqualTo(Tensor.scalar(0));
                } else {
                    assertThat(written.get(key)).as(key).isEqualTo(stateDict.get(key));
                }
            }
        }
    }

    @Test
    void batchNormRunningStatisticsMoveByTorchsMomentum() {
        // BatchNorm2d(momentum=0.1) in torch: running = 0.9 * running + 0.1 * batch statistic (unbiased variance).
        float[] x = Floats.uniform(new Random(1), 2 * 28 * 28, 0, 1);
        try (NDManager manager = NDManager.newBaseManager(Djl.ENGINE)) {
            SequentialBlock network = Djl.network(manager, cnn, zeroConvIdentityBias(), 2);

            Djl.forward(manager, network, cnn, x, 2, true);
            StateDict after = DjlStateDicts.fromNetwork(network, cnn, 1);

            // conv 0 has weight 0 and bias 0..31, so channel c of BatchNorm 1 sees the constant c: mean c, var 0
            float[] mean = after.get("1.running_mean").toFloatArray();
            float[] var = after.get("1.running_var").toFloatArray();
            for (int c = 0; c < 32; c++) {
                assertThat(mean[c]).isCloseTo(0.1f * c, org.assertj.core.data.Offset.offset(1e-5f));
                assertThat(var[c]).isCloseTo(0.9f, org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void refusesToLoadAStateDictThatDoesNotFitListingEveryProblem() {
        Map<String, Tensor> tensors =
                new LinkedHashMap<>(TestModels.randomStateDict(cnn, 1).tensors());
        tensors.remove("1.running_var");
        tensors.put("0.weight", Tensor.ofFloats(new long[] {32, 1, 5, 5}, new float[800]));
        tensors.put("14.weight", Tensor.ofFloats(new long[] {1}, 0));
        try (NDManager manager = NDManager.newBaseManager(Djl.ENGINE)) {
            assertThatThrownBy(() -> Djl.network(manager, cnn, new StateDict(tensors), 1))
                    .isInstanceOf(StateDictMismatchException.class)
                    .hasMessage("the state dict does not match the model spec (3 problems): 0.weight has shape"
                            + " [32, 1, 5, 5], the spec needs [32, 1, 3, 3]; missing 1.running_var [32] (float32);"
                            + " unexpected 14.weight [1] (not in the spec)");
        }
    }

    @Test
    void explainsThatTheNetworkMustBeInitializedFirst() {
        SequentialBlock network = DjlNetworkBuilder.build(cnn);

        assertThatThrownBy(() -> DjlStateDicts.load(TestModels.randomStateDict(cnn, 1), network, cnn))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the network is not initialized");
    }

    /** The cnn's tensors with conv 0 weight zero and bias 0..31, BatchNorm 1 at running mean 0 and var 1. */
    private StateDict zeroConvIdentityBias() {
        Map<String, Tensor> tensors =
                new LinkedHashMap<>(TestModels.randomStateDict(cnn, 1).tensors());
        tensors.put("0.weight", Tensor.ofFloats(new long[] {32, 1, 3, 3}, new float[32 * 9]));
        float[] bias = new float[32];
        float[] ones = new float[32];
        for (int c = 0; c < 32; c++) {
            bias[c] = c;
            ones[c] = 1;
        }
        tensors.put("0.bias", Tensor.ofFloats(new long[] {32}, bias));
        tensors.put("1.running_mean", Tensor.ofFloats(new long[] {32}, new float[32]));
        tensors.put("1.running_var", Tensor.ofFloats(new long[] {32}, ones));
        return new StateDict(tensors);
    }
}
