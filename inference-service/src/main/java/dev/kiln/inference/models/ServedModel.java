package dev.kiln.inference.models;

import dev.kiln.inference.batching.BatchQueue;
import dev.kiln.inference.runtime.LoadedModel;
import dev.kiln.inference.runtime.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model version ready to serve: its engine model, its batch queue, and what clients see of it. Clients see the
 * graph's inputs and outputs plus, when the model has class labels, a {@code label} output ({@code BYTES},
 * {@code [-1]}): the label of the highest score of the output that has one score per label.
 */
public final class ServedModel implements AutoCloseable {
    /** The name of the class-label output. */
    public static final String LABEL_OUTPUT = "label";
    /** What the Open Inference Protocol's metadata calls the engine. */
    public static final String PLATFORM = "onnxruntime_onnx";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ONNX_LABELS = "kiln.labels";

    private final ModelKey key;
    private final LoadedModel model;
    private final BatchQueue queue;
    private final List<String> labels;
    private final int labelSource;
    private final List<TensorSpec> outputs;
    private volatile long lastUsedNanos = System.nanoTime();

    public ServedModel(ModelKey key, ModelVersionInfo info, LoadedModel model, BatchQueue queue) {
        this.key = key;
        this.model = model;
        this.queue = queue;
        List<String> known = info.labels().isEmpty() ? onnxLabels(model) : info.labels();
        this.labelSource = labelSource(model.outputs(), known.size());
        this.labels = labelSource < 0 ? List.of() : known;
        List<TensorSpec> visible = new ArrayList<>(model.outputs());
        if (labelSource >= 0) {
            visible.add(new TensorSpec(LABEL_OUTPUT, "BYTES", List.of(-1L)));
        }
        this.outputs = List.copyOf(visible);
    }

    public ModelKey key() {
        return key;
    }

    public List<TensorSpec> inputs() {
        return model.inputs();
    }

    /** The graph outputs, then {@code label} when the model has labels. */
    public List<TensorSpec> outputs() {
        return outputs;
    }

    /** The number of graph outputs (those the engine computes). */
    public int graphOutputCount() {
        return model.outputs().size();
    }

    /** The class labels, empty when the model has none. */
    public List<String> labels() {
        return labels;
    }

    /** Index of the graph output whose arg-max names the label, or -1 when there is no label output. */
    public int labelSource() {
        return labelSource;
    }

    public long memoryBytes() {
        return model.memoryBytes();
    }

    public BatchQueue queue() {
        return queue;
    }

    void touch() {
        lastUsedNanos = System.nanoTime();
    }

    long lastUsedNanos() {
        return lastUsedNanos;
    }

    /** Lets queued requests finish, then frees the engine's resources. */
    @Override
    public void close() {
        queue.close();
        model.close();
    }

    /** {@code probabilities} when it has one column per label, else the first output of that shape. */
    private static int labelSource(List<TensorSpec> outputs, int labelCount) {
        if (labelCount == 0) {
            return -1;
        }
        int found = -1;
        for (int i = 0; i < outputs.size(); i++) {
            List<Long> shape = outputs.get(i).shape();
            if (shape.size() == 2 && shape.get(1) == labelCount) {
                if (outputs.get(i).name().equals("probabilities")) {
                    return i;
                }
                if (found < 0) {
                    found = i;
                }
            }
        }
        return found;
    }

    private static List<String> onnxLabels(LoadedModel model) {
        String json = model.metadata().get(ONNX_LABELS);
        if (json == null) {
            return List.of();
        }
        try {
            return List.of(JSON.readValue(json, String[].class));
        } catch (JacksonException e) {
            return List.of();
        }
    }
}
