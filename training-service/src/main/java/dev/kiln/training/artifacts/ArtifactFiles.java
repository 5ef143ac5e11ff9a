package dev.kiln.training.artifacts;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.contracts.spec.ModelSpecJson;
import dev.kiln.formats.onnx.OnnxExportMetadata;
import dev.kiln.formats.onnx.OnnxExporter;
import dev.kiln.formats.safetensors.SafetensorsWriter;
import dev.kiln.formats.torch.TorchStateDictWriter;
import dev.kiln.training.engine.EpochMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Renders the files of a finished job (all but MANIFEST.json), in the order they are written. */
final class ArtifactFiles {
    private static final JsonMapper JSON = ModelSpecJson.mapper();

    private final OnnxExporter onnx;

    ArtifactFiles(String producerVersion) {
        this.onnx = new OnnxExporter(producerVersion);
    }

    Map<String, byte[]> render(ExportRequest request) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(
                StorageLayout.MODEL_ONNX,
                onnx.export(
                        request.model().resolvedSpec(),
                        request.stateDict(),
                        new OnnxExportMetadata(request.registerAs(), null, request.labels(), request.normalization())));
        files.put(StorageLayout.STATE_DICT, new TorchStateDictWriter().toBytes(request.stateDict()));
        files.put(
                StorageLayout.SAFETENSORS,
                new SafetensorsWriter().toBytes(request.stateDict(), Map.of("format", "pt")));
        files.put(StorageLayout.SPEC_JSON, JSON.writeValueAsBytes(spec(request)));
        files.put(StorageLayout.METRICS_JSON, JSON.writeValueAsBytes(metrics(request)));
        return files;
    }

    private static Map<String, Object> spec(ExportRequest request) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("model", JSON.readTree(ModelSpecJson.toJson(request.model().resolvedSpec())));
        spec.put("labels", request.labels());
        spec.put(
                "normalization",
                Map.of(
                        "mean", request.normalization().mean(),
                        "std", request.normalization().std()));
        spec.put("input_shape", request.model().inputShape());
        spec.put("dataset", request.dataset());
        return spec;
    }

    private static Map<String, Object> metrics(ExportRequest request) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("test_accuracy", request.test().accuracy());
        metrics.put("test_loss", request.test().loss());
        metrics.put("test_samples", request.test().samples());
        List<EpochMetrics> epochs = request.epochs();
        if (!epochs.isEmpty()) {
            EpochMetrics last = epochs.get(epochs.size() - 1);
            metrics.put("train_loss", last.trainLoss());
            metrics.put("train_accuracy", last.trainAccuracy());
            metrics.put("val_loss", last.valLoss());
            metrics.put("val_accuracy", last.valAccuracy());
        }
        metrics.put("epochs", epochs);
        metrics.put("hyperparameters", request.hyperparameters());
        metrics.put("device", request.device());
        metrics.put("parameter_count", request.model().parameterCount());
        return metrics;
    }
}
