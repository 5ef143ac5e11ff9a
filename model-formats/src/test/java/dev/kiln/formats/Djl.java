package dev.kiln.formats;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.formats.djl.DjlNetworkBuilder;
import dev.kiln.formats.djl.DjlStateDicts;

/** Runs Kiln's DJL networks in the tests (PyTorch engine). */
public final class Djl {
    public static final String ENGINE = "PyTorch";

    private Djl() {}

    /** A network of the model, initialized for the batch size and loaded with the state dict. */
    public static SequentialBlock network(NDManager manager, InferredModel model, StateDict stateDict, int batch) {
        SequentialBlock network = DjlNetworkBuilder.build(model);
        network.initialize(manager, DataType.FLOAT32, DjlNetworkBuilder.inputShape(model, batch));
        DjlStateDicts.load(stateDict, network, model);
        return network;
    }

    /** The network's output on a batch, in eval mode ({@code training = false}) or train mode. */
    public static float[] forward(
            NDManager manager, SequentialBlock network, InferredModel model, float[] x, int batch, boolean training) {
        try (NDManager scope = manager.newSubManager()) {
            Shape shape = DjlNetworkBuilder.inputShape(model, batch);
            NDArray input = scope.create(x, shape);
            NDList output = network.forward(new ParameterStore(scope, false), new NDList(input), training);
            return output.singletonOrThrow().toFloatArray();
        }
    }
}
