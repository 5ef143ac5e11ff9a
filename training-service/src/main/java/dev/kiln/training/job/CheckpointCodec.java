package dev.kiln.training.job;

import dev.kiln.contracts.spec.ModelSpecJson;
import dev.kiln.formats.StateDict;
import dev.kiln.formats.Tensor;
import dev.kiln.formats.safetensors.SafetensorsFile;
import dev.kiln.formats.safetensors.SafetensorsReader;
import dev.kiln.formats.safetensors.SafetensorsWriter;
import dev.kiln.training.engine.Checkpoint;
import dev.kiln.training.engine.EpochMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A checkpoint as one safetensors file: the state dict under {@code model/…}, the optimizer's tensors under
 * {@code optimizer/…}, and epoch, step count and history as metadata.
 */
final class CheckpointCodec {
    static final String FORMAT = "kiln-checkpoint-1";
    private static final String MODEL = "model/";
    private static final String OPTIMIZER = "optimizer/";
    private static final JsonMapper JSON = ModelSpecJson.mapper();

    private CheckpointCodec() {}

    static byte[] encode(Checkpoint checkpoint) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        checkpoint.parameters().tensors().forEach((key, tensor) -> tensors.put(MODEL + key, tensor));
        checkpoint.optimizerState().forEach((key, tensor) -> tensors.put(OPTIMIZER + key, tensor));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("epoch", Integer.toString(checkpoint.epoch()));
        metadata.put("steps", Long.toString(checkpoint.steps()));
        metadata.put("history", JSON.writeValueAsString(checkpoint.history()));
        return new SafetensorsWriter().toBytes(new StateDict(tensors), metadata);
    }

    static Checkpoint decode(byte[] bytes) {
        SafetensorsFile file = new SafetensorsReader().read(bytes);
        if (!FORMAT.equals(file.metadata().get("format"))) {
            throw new IllegalArgumentException("not a " + FORMAT + " file");
        }
        Map<String, Tensor> parameters = new LinkedHashMap<>();
        Map<String, Tensor> optimizer = new LinkedHashMap<>();
        file.tensors().tensors().forEach((key, tensor) -> {
            if (key.startsWith(MODEL)) {
                parameters.put(key.substring(MODEL.length()), tensor);
            } else if (key.startsWith(OPTIMIZER)) {
                optimizer.put(key.substring(OPTIMIZER.length()), tensor);
            }
        });
        List<EpochMetrics> history =
                JSON.readValue(file.metadata().get("history"), new TypeReference<List<EpochMetrics>>() {});
        return new Checkpoint(
                Integer.parseInt(file.metadata().get("epoch")),
                Long.parseLong(file.metadata().get("steps")),
                history,
                new StateDict(parameters),
                optimizer);
    }
}
