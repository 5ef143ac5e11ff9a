package dev.kiln.inference.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InferPathTests {
    @Test
    void aModelAndAnOptionalVersionAreTakenFromTheTwoInferPaths() {
        assertThat(InferPath.match("/v2/models/fashion/infer")).isEqualTo(new InferPath("fashion", null));
        assertThat(InferPath.match("/v2/models/fashion@production/infer"))
                .isEqualTo(new InferPath("fashion@production", null));
        assertThat(InferPath.match("/v2/models/fashion/versions/3/infer")).isEqualTo(new InferPath("fashion", "3"));
    }

    @Test
    void segmentsArePercentDecoded() {
        assertThat(InferPath.match("/v2/models/no%20pe/versions/%33/infer")).isEqualTo(new InferPath("no pe", "3"));
    }

    @Test
    void otherPathsAreNotInferPaths() {
        assertThat(InferPath.match("/v2/models/fashion")).isNull();
        assertThat(InferPath.match("/v2/models/fashion/ready")).isNull();
        assertThat(InferPath.match("/v2/models/fashion/infer/")).isNull();
        assertThat(InferPath.match("/v2/models//infer")).isNull();
        assertThat(InferPath.match("/v2/models/fashion/versions//infer")).isNull();
        assertThat(InferPath.match("/v2/models/fashion/versions/3/x/infer")).isNull();
        assertThat(InferPath.match("/v2/models/fashion/other/3/infer")).isNull();
        assertThat(InferPath.match("/v1/models/fashion/infer")).isNull();
        assertThat(InferPath.match("/api/v1/predict/fashion")).isNull();
    }
}
