package dev.kiln.inference.runtime;

import ai.onnxruntime.OrtEnvironment;
import dev.kiln.inference.config.InferenceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OnnxRuntimeConfiguration {

    /** ONNX Runtime's process-wide environment; loading it loads the native library, so start-up proves it works. */
    @Bean
    OrtEnvironment ortEnvironment() {
        return OrtEnvironment.getEnvironment(OrtEnvironment.DEFAULT_NAME);
    }

    @Bean
    ModelRuntime modelRuntime(OrtEnvironment environment, InferenceProperties properties) {
        InferenceProperties.Runtime runtime = properties.runtime();
        return new OrtModelRuntime(environment, runtime.intraOpThreads(), runtime.allowSpinning());
    }
}
