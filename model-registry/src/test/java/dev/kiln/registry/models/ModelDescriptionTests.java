package dev.kiln.registry.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.registry.JobArtifactsFixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelDescriptionTests {
    @Test
    void signatureOfATrainedClassifierHasBatchDimensionsAndItsClasses() {
        ModelDescription d = describe(JobArtifactsFixture.SPEC_JSON);
        assertThat(d.signature().inputs())
                .containsExactly(new Signature.Tensor("input", List.of(-1L, 1L, 28L, 28L), "FP32"));
        assertThat(d.signature().outputs())
                .containsExactly(
                        new Signature.Tensor("logits", List.of(-1L, 10L), "FP32"),
                        new Signature.Tensor("probabilities", List.of(-1L, 10L), "FP32"),
                        new Signature.Tensor("label", List.of(-1L), "BYTES"));
        assertThat(d.labels()).hasSize(10).startsWith("T-shirt/top");
        assertThat(d.normalization().path("mean").get(0).asDouble()).isEqualTo(0.286);
    }

    @Test
    void inputShapeComesFromTheModelWhenSpecJsonHasNone() {
        ModelDescription d = describe("{\"model\": {\"input\": {\"shape\": [4]}, \"layers\": [{\"type\": \"Linear\","
                + " \"out_features\": 3}]}}");
        assertThat(d.signature().inputs().get(0).shape()).containsExactly(-1L, 4L);
        assertThat(d.signature().outputs().get(0).shape()).containsExactly(-1L, 3L);
        assertThat(d.labels()).isEmpty();
    }

    @Test
    void labelsThatDoNotMatchTheOutputsAreRefused() {
        assertThatThrownBy(() -> describe("{\"model\": {\"input\": {\"shape\": [4]}, \"layers\": [{\"type\":"
                        + " \"Linear\", \"out_features\": 3}]}, \"labels\": [\"a\", \"b\"]}"))
                .hasMessage("spec.json lists 2 labels but the model has 3 outputs; give one label per output");
        assertThatThrownBy(() -> describe("not json")).hasMessageStartingWith("spec.json is not valid JSON");
        assertThatThrownBy(() -> describe("{\"labels\": [\"a\"]}"))
                .hasMessageContaining("neither \"input_shape\" nor a model");
    }

    private static ModelDescription describe(String json) {
        return ModelDescription.fromSpecJson(json.getBytes(StandardCharsets.UTF_8));
    }
}
