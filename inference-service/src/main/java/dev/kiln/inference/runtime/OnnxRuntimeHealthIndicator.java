package dev.kiln.inference.runtime;

import ai.onnxruntime.OrtEnvironment;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** UP when ONNX Runtime's native library is loaded and reports its execution providers. */
@Component("onnxRuntime")
class OnnxRuntimeHealthIndicator implements HealthIndicator {
    private final OrtEnvironment environment;

    OnnxRuntimeHealthIndicator(OrtEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Health health() {
        return Health.up()
                .withDetail("version", environment.getVersion())
                .withDetail(
                        "providers",
                        OrtEnvironment.getAvailableProviders().stream()
                                .map(Enum::name)
                                .sorted()
                                .toList())
                .build();
    }
}
