package dev.kiln.inference.api.rest;

import dev.kiln.inference.models.ModelRef;
import dev.kiln.inference.runtime.TensorSpec;
import dev.kiln.inference.serving.InferenceService;
import dev.kiln.inference.serving.ModelMetadata;
import dev.kiln.inference.serving.ServerMetadata;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Open Inference Protocol (KServe V2) over REST: health, server and model metadata, readiness ({@link V2InferFilter}
 * serves infer).
 */
@RestController
@RequestMapping("/v2")
class V2Controller {
    private final InferenceService service;

    V2Controller(InferenceService service) {
        this.service = service;
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

    /** Model metadata as the protocol spells it. */
    record MetadataJson(
            String name, List<String> versions, String platform, List<TensorJson> inputs, List<TensorJson> outputs) {}

    /** A tensor's metadata: {@code {"name", "datatype", "shape"}}. */
    record TensorJson(String name, String datatype, List<Long> shape) {
        static TensorJson of(TensorSpec spec) {
            return new TensorJson(spec.name(), spec.datatype(), spec.shape());
        }
    }
}
