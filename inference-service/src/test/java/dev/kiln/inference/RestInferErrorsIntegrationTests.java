package dev.kiln.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * REST infer's errors, whole: the same problem bodies (fields and order), statuses and headers Spring MVC's
 * exception handling gave before infer was served outside it.
 */
class RestInferErrorsIntegrationTests extends ServingIntegrationTest {
    @Test
    void anUnknownModelIs404WithAProblemBodyNamingTheRequestPath() throws Exception {
        HttpResponse<String> response = postJson("/v2/models/nope/versions/3/infer", "{\"inputs\":[]}");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body())
                .isEqualTo(
                        "{\"detail\":\"model 'nope' has no version 3 in the registry\",\"instance\":\"/v2/models/nope/versions/3/infer\","
                                + "\"status\":404,\"title\":\"Not Found\",\"error\":\"model 'nope' has no version 3 in the registry\","
                                + "\"error_code\":\"NOT_FOUND\"}");
    }

    @Test
    void pathSegmentsArePercentDecodedAndTheInstanceKeepsThePathAsSent() throws Exception {
        HttpResponse<String> response = postJson("/v2/models/no%20pe/infer", "{\"inputs\":[]}");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asString()).contains("model name 'no pe' has characters");
        assertThat(json(response).get("instance").asString()).isEqualTo("/v2/models/no%20pe/infer");
    }

    @Test
    void aVersionThatIsNotANumberIs400() throws Exception {
        HttpResponse<String> response = postJson("/v2/models/nope/versions/x/infer", "{\"inputs\":[]}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error_code").asString()).isEqualTo("INVALID_ARGUMENT");
        assertThat(json(response).get("title").asString()).isEqualTo("Bad Request");
        assertThat(json(response).get("status").asInt()).isEqualTo(400);
        assertThat(json(response).get("error").asString())
                .isEqualTo("model version 'x' is not a version number; versions are integers from 1");
    }

    @Test
    void anEmptyBodyIs400SayingWhatTheBodyMustBe() throws Exception {
        HttpResponse<String> response = post("/v2/models/nope/infer", "text/plain", new byte[0]);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asString())
                .isEqualTo("the request body must be a JSON object with \"inputs\"");
    }

    @Test
    void getOnAnInferPathIs405AllowingPost() throws Exception {
        HttpResponse<String> response = get("/v2/models/nope/infer");
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void pathsThatOnlyLookLikeInferPathsAreNotFound() throws Exception {
        assertThat(postJson("/v2/models/nope/infer/", "{}").statusCode()).isEqualTo(404);
        assertThat(postJson("/v2/models//infer", "{}").statusCode()).isEqualTo(404);
    }
}
