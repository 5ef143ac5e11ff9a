package dev.kiln.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.gateway.apikeys.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class AccessRulesTests {
    @Test
    void readingNeedsReadTrainingNeedsTrainInferenceNeedsPredict() {
        assertThat(AccessRules.required(HttpMethod.GET, "/api/v1/jobs")).contains(Scope.READ);
        assertThat(AccessRules.required(HttpMethod.GET, "/api/v1/jobs/x/events"))
                .contains(Scope.READ);
        assertThat(AccessRules.required(HttpMethod.GET, "/api/v1/workers")).contains(Scope.READ);
        assertThat(AccessRules.required(HttpMethod.POST, "/api/v1/jobs")).contains(Scope.TRAIN);
        assertThat(AccessRules.required(HttpMethod.POST, "/api/v1/jobs/x/cancel"))
                .contains(Scope.TRAIN);
        assertThat(AccessRules.required(HttpMethod.POST, "/api/v1/datasets")).contains(Scope.TRAIN);
        assertThat(AccessRules.required(HttpMethod.POST, "/v2/models/m/infer")).contains(Scope.PREDICT);
        assertThat(AccessRules.required(HttpMethod.POST, "/api/v1/predict/m")).contains(Scope.PREDICT);
    }

    @Test
    void changingModelsKeysOrAnythingUnnamedNeedsAdmin() {
        assertThat(AccessRules.required(HttpMethod.PUT, "/api/v1/models/m/aliases/production"))
                .contains(Scope.ADMIN);
        assertThat(AccessRules.required(HttpMethod.POST, "/api/v1/models/m/versions"))
                .contains(Scope.ADMIN);
        assertThat(AccessRules.required(HttpMethod.GET, "/api/v1/api-keys")).contains(Scope.ADMIN);
        assertThat(AccessRules.required(HttpMethod.DELETE, "/api/v1/datasets/d"))
                .contains(Scope.ADMIN);
        assertThat(AccessRules.required(HttpMethod.GET, "/api/v2/anything")).contains(Scope.ADMIN);
    }

    @Test
    void healthProbesAndNonApiPathsArePublic() {
        assertThat(AccessRules.required(HttpMethod.GET, "/v2/health/live")).isEmpty();
        assertThat(AccessRules.required(HttpMethod.GET, "/v2/health/ready")).isEmpty();
        assertThat(AccessRules.required(HttpMethod.GET, "/actuator/health/readiness"))
                .isEmpty();
        assertThat(AccessRules.required(HttpMethod.GET, "/")).isEmpty();
        assertThat(AccessRules.required(HttpMethod.GET, "/v3/api-docs")).isEmpty();
    }
}
