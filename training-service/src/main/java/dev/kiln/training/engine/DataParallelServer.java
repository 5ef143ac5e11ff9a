package dev.kiln.training.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterServer;
import java.util.Map;

/**
 * Applies a training step to every replica of a parameter: the gradients of all devices are summed on the first
 * (each device's loss is weighted by its share of the batch, so the sum is the gradient of the batch's mean loss),
 * and every replica takes the same update from that sum, so the replicas stay equal.
 */
final class DataParallelServer implements ParameterServer {
    private final Map<String, String> stateDictKeys;
    private final Optimizer optimizer;

    /** @param stateDictKeys the state-dict key of each DJL parameter id */
    DataParallelServer(Map<String, String> stateDictKeys, Optimizer optimizer) {
        this.stateDictKeys = stateDictKeys;
        this.optimizer = optimizer;
    }

    @Override
    public void init(String parameterId, NDArray[] value) {}

    @Override
    public void update(String parameterId, NDArray[] grads, NDArray[] params) {
        String key = stateDictKeys.get(parameterId);
        if (key == null) {
            throw new IllegalStateException("parameter " + parameterId + " is not part of the network's state dict");
        }
        if (params.length == 1) {
            optimizer.update(key, params[0], grads[0]);
            return;
        }
        Device first = params[0].getDevice();
        for (int i = 1; i < grads.length; i++) {
            try (NDArray copy = grads[i].toDevice(first, true)) {
                grads[0].addi(copy);
            }
        }
        // the update zeroes the first replica's gradient, so the others take a copy of the sum
        try (NDArray sum = grads[0].duplicate()) {
            for (NDArray param : params) {
                if (param.getDevice().equals(first)) {
                    optimizer.update(key, param, sum);
                } else {
                    try (NDArray local = sum.toDevice(param.getDevice(), true)) {
                        optimizer.update(key, param, local);
                    }
                }
            }
        }
    }

    @Override
    public void close() {}
}
