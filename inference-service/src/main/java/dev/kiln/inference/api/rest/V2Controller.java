package dev.kiln.inference.api.rest;

import dev.kiln.inference.config.InferenceProperties;
import dev.kiln.inference.error.InferenceException;
import dev.kiln.inference.models.ModelRef;
import dev.kiln.inference.runtime.TensorSpec;
import dev.kiln.inference.serving.InferRequest;
import dev.kiln.inference.serving.InferenceService;
import dev.kiln.inference.serving.ModelMetadata;
import dev.kiln.inference.serving.ServerMetadata;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The Open Inference Protocol (KServe V2) over REST: health, server and model metadata, readiness, infer. */
@RestController
@RequestMapping("/v2")
class V2Controller {
    private final InferenceService service;
    private final long maxRequestBytes;

    V2Controller(InferenceService service, InferenceProperties properties) {
        this.service = service;
        this.maxRequestBytes = properties.maxRequestSize().toBytes();
    }

    @GetMapping("/health/live")
    ResponseEntity<Map<String, Boolean>> live() {
        boolean live = service.live();
        return ResponseEntity.status(live ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("live", live));
    }

    @GetMapping("/health/ready")
    ResponseEntity<Map<String, Boolean>> ready() {
        boolean ready = service.ready();
        return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("ready", ready));
    }

    @GetMapping({"", "/"})
    ServerMetadata server() {
        return service.serverMetadata();
    }

    @GetMapping({"/models/{model}", "/models/{model}/versions/{version}"})
    MetadataJson metadata(@PathVariable String model, @PathVariable(required = false) String version) {
        ModelMetadata metadata = service.modelMetadata(ModelRef.parse(model, version));
        return new MetadataJson(
                metadata.name(),
                metadata.versions(),
                metadata.platform(),
                metadata.inputs().stream().map(TensorJson::of).toList(),
                metadata.outputs().stream().map(TensorJson::of).toList());
    }

    @GetMapping({"/models/{model}/ready", "/models/{model}/versions/{version}/ready"})
    ResponseEntity<Map<String, Object>> modelReady(
            @PathVariable String model, @PathVariable(required = false) String version) {
        ModelRef ref = ModelRef.parse(model, version);
        boolean ready = service.modelReady(ref);
        return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("name", ref.name(), "ready", ready));
    }

    @PostMapping({"/models/{model}/infer", "/models/{model}/versions/{version}/infer"})
    ResponseEntity<byte[]> infer(
            @PathVariable String model, @PathVariable(required = false) String version, HttpServletRequest request)
            throws IOException {
        long received = System.nanoTime();
        ModelRef ref = ModelRef.parse(model, version);
        InferRequest inferRequest;
        try (InputStream body = LimitedInput.of(request, maxRequestBytes)) {
            inferRequest = V2JsonReader.read(body, ref, received);
        }
        byte[] json = V2JsonWriter.write(service.infer(inferRequest));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json);
    }

    /** Model metadata as the protocol spells it. */
    record MetadataJson(
            String name, List<String> versions, String platform, List<TensorJson> inputs, List<TensorJson> outputs) {}

    /** A tensor's metadata: {@code {"name", "datatype", "shape"}}. */
    record TensorJson(String name, String datatype, List<Long> shape) {
        static TensorJson of(TensorSpec spec) {
            return new TensorJson(spec.name(), spec.datatype(), spec.shape());
        }
    }

    static InferenceException tooLarge(long limit) {
        return InferenceException.invalid("the request body is larger than " + limit
                + " bytes, the limit (kiln.inference.max-request-size); send fewer samples per request");
    }
}
