package dev.kiln.formats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A model's tensors by their PyTorch state-dict key ({@code 1.weight}, {@code 3.running_mean}, …), in order.
 *
 * @param tensors the tensors in {@code nn.Sequential} order; copied, unmodifiable
 */
public record StateDict(Map<String, Tensor> tensors) {
    public StateDict {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** The tensor under a key, or an error naming the keys there are. */
    public Tensor get(String key) {
        Tensor tensor = tensors.get(key);
        if (tensor == null) {
            throw new IllegalArgumentException("no tensor '" + key + "' in the state dict; it has " + tensors.keySet());
        }
        return tensor;
    }

    public Set<String> keys() {
        return tensors.keySet();
    }

    public int size() {
        return tensors.size();
    }
}
