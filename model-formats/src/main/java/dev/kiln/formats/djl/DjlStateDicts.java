package dev.kiln.formats.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.contracts.spec.LayerShape;
import dev.kiln.contracts.spec.TensorShape;
import dev.kiln.formats.StateDict;
import dev.kiln.formats.Tensor;
import dev.kiln.formats.imports.StateDictValidator;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps between the parameters of a network built by {@link DjlNetworkBuilder} and PyTorch state-dict keys, both
 * ways. DJL names a parameter after its child block, numbered from 1 ({@code 02Linear_weight},
 * {@code 05BatchNorm_runningMean}); {@code nn.Sequential} numbers from 0 ({@code 1.weight}, {@code 4.running_mean}).
 * BatchNorm's {@code gamma}/{@code beta}/{@code runningMean}/{@code runningVar} are torch's
 * {@code weight}/{@code bias}/{@code running_mean}/{@code running_var}; {@code num_batches_tracked} has no DJL
 * counterpart and is written from a count the trainer keeps.
 */
public final class DjlStateDicts {
    private static final Pattern DJL_NAME = Pattern.compile("(\\d+)([A-Za-z0-9]+)_([A-Za-z]+)");
    private static final Map<String, String> TORCH_BY_DJL = Map.of(
            "weight", "weight",
            "bias", "bias",
            "gamma", "weight",
            "beta", "bias",
            "runningMean", "running_mean",
            "runningVar", "running_var");
    private static final Map<String, String> BATCH_NORM_DJL_BY_TORCH =
            Map.of("weight", "gamma", "bias", "beta", "running_mean", "runningMean", "running_var", "runningVar");

    private DjlStateDicts() {}

    /** {@code 02Linear_weight} → {@code 1.weight}; {@code 05BatchNorm_runningMean} → {@code 4.running_mean}. */
    public static String toStateDictKey(String djlName) {
        Matcher matcher = DJL_NAME.matcher(djlName);
        if (!matcher.matches() || !TORCH_BY_DJL.containsKey(matcher.group(3))) {
            throw new IllegalArgumentException("'" + djlName + "' is not a parameter name of a Kiln DJL network"
                    + " (like 02Linear_weight or 05BatchNorm_runningMean)");
        }
        int index = Integer.parseInt(matcher.group(1)) - 1;
        return index + "." + TORCH_BY_DJL.get(matcher.group(3));
    }

    /** {@code 1.weight} → {@code 02Linear_weight} in the given network. */
    public static String toDjlName(String stateDictKey, SequentialBlock network) {
        int dot = stateDictKey.indexOf('.');
        BlockList children = network.getChildren();
        int index;
        try {
            index = Integer.parseInt(stateDictKey.substring(0, Math.max(dot, 0)));
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0 || index >= children.size()) {
            throw new IllegalArgumentException("'" + stateDictKey + "' is not a key of this network's state dict"
                    + " (layer indices 0.." + (children.size() - 1) + ")");
        }
        Pair<String, Block> child = children.get(index);
        String torchName = stateDictKey.substring(dot + 1);
        String djlName = child.getValue() instanceof ai.djl.nn.norm.BatchNorm
                ? BATCH_NORM_DJL_BY_TORCH.get(torchName)
                : torchName;
        if (djlName == null || !child.getValue().getDirectParameters().contains(djlName)) {
            throw new IllegalArgumentException(
                    "'" + stateDictKey + "' names no parameter of layer " + index + " (" + child.getKey() + ")");
        }
        return child.getKey() + "_" + djlName;
    }

    /**
     * Copies a state dict into an initialized network (fine-tuning, resuming). The state dict must match the spec
     * exactly, as with {@code load_state_dict(strict=True)}.
     *
     * @throws dev.kiln.formats.imports.StateDictMismatchException listing every missing, extra or mis-shaped tensor
     */
    public static void load(StateDict stateDict, SequentialBlock network, InferredModel model) {
        StateDictValidator.requireMatch(stateDict, model);
        for (Map.Entry<String, Parameter> entry : parameters(network, model).entrySet()) {
            Tensor tensor = stateDict.get(entry.getKey());
            NDArray array = entry.getValue().getArray();
            if (array.getDataType() != DataType.FLOAT32) {
                throw new IllegalStateException("the network holds " + array.getDataType()
                        + " parameters; initialize it with DataType.FLOAT32");
            }
            array.set(FloatBuffer.wrap(tensor.toFloatArray()));
        }
    }

    /**
     * The network's tensors as a state dict, in {@code nn.Sequential} order.
     *
     * @param batchesTracked the value of every BatchNorm's {@code num_batches_tracked}: training steps taken
     */
    public static StateDict fromNetwork(SequentialBlock network, InferredModel model, long batchesTracked) {
        Map<String, Parameter> parameters = parameters(network, model);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (LayerShape layer : model.layers()) {
            for (TensorShape shape : layer.parameters()) {
                String key = layer.index() + "." + shape.name();
                if (shape.name().equals("num_batches_tracked")) {
                    tensors.put(key, Tensor.scalar(batchesTracked));
                } else {
                    NDArray array = parameters.get(key).getArray();
                    tensors.put(key, Tensor.ofFloats(array.getShape().getShape(), array.toFloatArray()));
                }
            }
        }
        return new StateDict(tensors);
    }

    /** The network's parameters by state-dict key, checked against the spec's shapes. */
    private static Map<String, Parameter> parameters(SequentialBlock network, InferredModel model) {
        BlockList children = network.getChildren();
        if (children.size() != model.layers().size()) {
            throw new IllegalArgumentException("the network has " + children.size() + " blocks but the spec has "
                    + model.layers().size() + " layers; build it with DjlNetworkBuilder from the same spec");
        }
        Map<String, TensorShape> expected = model.stateDictShapes();
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        for (int i = 0; i < children.size(); i++) {
            Pair<String, Block> child = children.get(i);
            for (Pair<String, Parameter> parameter : child.getValue().getDirectParameters()) {
                String key = toStateDictKey(child.getKey() + "_" + parameter.getKey());
                Parameter value = parameter.getValue();
                if (!value.isInitialized()) {
                    throw new IllegalStateException("the network is not initialized; call network.initialize(manager,"
                            + " DataType.FLOAT32, DjlNetworkBuilder.inputShape(model, batch)) first");
                }
                TensorShape want = expected.get(key);
                long[] have = value.getArray().getShape().getShape();
                if (want == null || !Arrays.equals(have, toLongs(want.shape()))) {
                    throw new IllegalArgumentException("network parameter " + child.getKey() + "_"
                            + parameter.getKey() + " " + Arrays.toString(have) + " does not fit the spec's " + key
                            + (want == null ? " (no such key)" : " " + want.shape()));
                }
                parameters.put(key, value);
            }
        }
        return parameters;
    }

    private static long[] toLongs(List<Integer> values) {
        return values.stream().mapToLong(Integer::longValue).toArray();
    }
}
