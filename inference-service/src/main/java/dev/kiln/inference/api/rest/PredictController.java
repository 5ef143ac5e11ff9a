package dev.kiln.inference.api.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.inference.config.InferenceProperties;
import dev.kiln.inference.error.InferenceException;
import dev.kiln.inference.models.ModelRef;
import dev.kiln.inference.runtime.TensorSpec;
import dev.kiln.inference.serving.InferInput;
import dev.kiln.inference.serving.InferOutput;
import dev.kiln.inference.serving.InferRequest;
import dev.kiln.inference.serving.InferResponse;
import dev.kiln.inference.serving.InferenceService;
import dev.kiln.inference.serving.ModelMetadata;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The convenience endpoint: an image (PNG, JPEG) or {@code {"instances": [[…], …]}} in, labels and per-label
 * probabilities out. It goes through the same core (and batching) as the protocol endpoints.
 */
@RestController
class PredictController {
    private final InferenceService service;
    private final long maxRequestBytes;

    PredictController(InferenceService service, InferenceProperties properties) {
        this.service = service;
        this.maxRequestBytes = properties.maxRequestSize().toBytes();
    }

    @PostMapping(
            value = "/api/v1/predict/{model}",
            consumes = {MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_JPEG_VALUE})
    Predictions image(@PathVariable String model, HttpServletRequest request) throws IOException {
        long received = System.nanoTime();
        ModelMetadata metadata = service.modelMetadata(ModelRef.parse(model, null));
        TensorSpec input = singleInput(metadata);
        float[] sample;
        try (InputStream body = LimitedInput.of(request, maxRequestBytes)) {
            sample = ImageInput.read(body.readAllBytes(), input);
        }
        int[] dims = ImageInput.imageDims(input);
        long[] shape = input.shape().size() == 4
                ? new long[] {1, dims[0], dims[1], dims[2]}
                : new long[] {1, dims[1], dims[2]};
        return predict(metadata, input, shape, FloatBuffer.wrap(sample), received);
    }

    @PostMapping(value = "/api/v1/predict/{model}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Predictions instances(@PathVariable String model, HttpServletRequest request) throws IOException {
        long received = System.nanoTime();
        ModelMetadata metadata = service.modelMetadata(ModelRef.parse(model, null));
        TensorSpec input = singleInput(metadata);
        long sampleSize = input.sampleSize();
        if (sampleSize < 0) {
            throw InferenceException.invalid("model input " + input.describe()
                    + " has variable dimensions; use /v2/models/" + model + "/infer with an explicit shape");
        }
        FloatBuffer data;
        try (InputStream body = LimitedInput.of(request, maxRequestBytes)) {
            data = Instances.read(body, sampleSize);
        }
        long[] shape = input.dims();
        shape[0] = data.limit() / sampleSize;
        return predict(metadata, input, shape, data, received);
    }

    private Predictions predict(
            ModelMetadata metadata, TensorSpec input, long[] shape, FloatBuffer data, long received) {
        String scores = scoreOutput(metadata);
        ModelRef pinned = new ModelRef(
                metadata.name(), null, Integer.valueOf(metadata.versions().get(0)));
        InferResponse response = service.infer(new InferRequest(
                pinned,
                null,
                List.of(new InferInput(input.name(), "FP32", shape, data)),
                List.of(scores),
                "rest",
                received));
        InferOutput probabilities = response.outputs().get(0);
        int rows = (int) probabilities.shape()[0];
        int columns = (int) probabilities.shape()[1];
        List<Prediction> predictions = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            Map<String, Float> byLabel = new LinkedHashMap<>();
            int best = 0;
            for (int c = 0; c < columns; c++) {
                float p = probabilities.fp32()[row * columns + c];
                byLabel.put(label(metadata, c), p);
                if (p > probabilities.fp32()[row * columns + best]) {
                    best = c;
                }
            }
            predictions.add(new Prediction(label(metadata, best), byLabel));
        }
        return new Predictions(response.modelName(), response.modelVersion(), predictions);
    }

    private static TensorSpec singleInput(ModelMetadata metadata) {
        if (metadata.inputs().size() != 1) {
            throw InferenceException.invalid("model " + metadata.name() + " takes "
                    + metadata.inputs().size() + " inputs; this endpoint serves models with one, use /v2/models/"
                    + metadata.name() + "/infer");
        }
        return metadata.inputs().get(0);
    }

    /** {@code probabilities} if the model has it, else its first output of shape {@code [-1, classes]}. */
    private static String scoreOutput(ModelMetadata metadata) {
        return metadata.outputs().stream()
                .filter(o -> o.datatype().equals("FP32") && o.shape().size() == 2)
                .map(TensorSpec::name)
                .reduce((first, other) -> other.equals("probabilities") ? other : first)
                .orElseThrow(() -> InferenceException.invalid("model " + metadata.name()
                        + " has no [-1, classes] output to predict classes from; use /v2/models/" + metadata.name()
                        + "/infer"));
    }

    private static String label(ModelMetadata metadata, int index) {
        return index < metadata.labels().size() ? metadata.labels().get(index) : String.valueOf(index);
    }

    /** {@code {"model_name", "model_version", "predictions": [{"label", "probabilities": {label: p}}]}}. */
    record Predictions(
            @JsonProperty("model_name") String modelName,
            @JsonProperty("model_version") String modelVersion,
            List<Prediction> predictions) {}

    record Prediction(String label, Map<String, Float> probabilities) {}
}
