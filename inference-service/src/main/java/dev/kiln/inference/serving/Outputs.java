package dev.kiln.inference.serving;

import dev.kiln.inference.batching.BatchResult;
import dev.kiln.inference.models.ServedModel;
import dev.kiln.inference.runtime.TensorSpec;
import java.util.ArrayList;
import java.util.List;

/** Builds the response's outputs from a batch result: the graph outputs asked for and the {@code label} output. */
final class Outputs {
    private Outputs() {}

    static InferResponse response(ServedModel model, String id, BatchResult result, int[] chosen) {
        List<TensorSpec> specs = model.outputs();
        List<InferOutput> outputs = new ArrayList<>(chosen.length);
        for (int index : chosen) {
            if (index < model.graphOutputCount()) {
                outputs.add(InferOutput.fp32(specs.get(index).name(), result.shapes()[index], result.outputs()[index]));
            } else {
                outputs.add(labels(model, result));
            }
        }
        return new InferResponse(model.key().name(), String.valueOf(model.key().version()), id, outputs);
    }

    /** The label of each row's highest score. */
    private static InferOutput labels(ServedModel model, BatchResult result) {
        int source = model.labelSource();
        float[] scores = result.outputs()[source];
        long[] shape = result.shapes()[source];
        int rows = (int) shape[0];
        int columns = (int) shape[1];
        List<String> labels = model.labels();
        String[] names = new String[rows];
        for (int row = 0; row < rows; row++) {
            int best = 0;
            int offset = row * columns;
            for (int c = 1; c < columns; c++) {
                if (scores[offset + c] > scores[offset + best]) {
                    best = c;
                }
            }
            names[row] = labels.get(best);
        }
        return InferOutput.bytes(ServedModel.LABEL_OUTPUT, new long[] {rows}, names);
    }
}
