package dev.kiln.training.artifacts;

import dev.kiln.contracts.events.Hyperparameters;
import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.formats.StateDict;
import dev.kiln.formats.onnx.InputNormalization;
import dev.kiln.training.engine.EpochMetrics;
import dev.kiln.training.engine.Evaluation;
import java.util.List;

/**
 * What a finished job leaves behind, before it is written out.
 *
 * @param jobId the job
 * @param dataset the data set's name
 * @param model the resolved model (its spec goes into spec.json and the ONNX metadata)
 * @param stateDict the trained tensors
 * @param labels the class names, index i naming output i
 * @param normalization the input normalisation the model was trained with
 * @param hyperparameters how it was trained
 * @param device where it was trained
 * @param epochs every epoch's figures
 * @param test the test split's figures
 * @param registerAs the registered model it is meant for, or null
 */
public record ExportRequest(
        String jobId,
        String dataset,
        InferredModel model,
        StateDict stateDict,
        List<String> labels,
        InputNormalization normalization,
        Hyperparameters hyperparameters,
        String device,
        List<EpochMetrics> epochs,
        Evaluation test,
        String registerAs) {
    public ExportRequest {
        labels = List.copyOf(labels);
        epochs = List.copyOf(epochs);
    }
}
