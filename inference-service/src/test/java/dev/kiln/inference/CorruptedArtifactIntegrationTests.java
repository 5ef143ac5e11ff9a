package dev.kiln.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.events.ModelAliasChanged;
import dev.kiln.inference.support.TestModels;
import inference.GrpcPredictV2.ModelReadyRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An artifact whose bytes no longer match the registry's sha256 is refused: not loaded, a clear error for whoever
 * asks for that version, and the version the alias pointed to before keeps serving.
 */
class CorruptedArtifactIntegrationTests extends ServingIntegrationTest {
    static final String MODEL = "fashion-corrupt";

    @Test
    void aCorruptedArtifactIsRefusedAndTheOldVersionKeepsServing() throws Exception {
        shelf().register(MODEL, 1, 31);
        byte[] second = shelf().register(MODEL, 2, 32);
        shelf().corrupt(MODEL, 2, second);
        CATALOG.setAlias(MODEL, "production", 1);
        String body = Tensors.inferBody("c", Tensors.flat(TestModels.randomSamples(1, 3)), 1);
        assertThat(json(postJson("/v2/models/" + MODEL + "/infer", body))
                        .get("model_version")
                        .asString())
                .isEqualTo("1");
        awaitEventsListening();

        CATALOG.setAlias(MODEL, "production", 2);
        publish(ModelAliasChanged.of(MODEL, "production", 2, 1));
        long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < until) {
            HttpResponse<String> response = postJson("/v2/models/" + MODEL + "/infer", body);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json(response).get("model_version").asString()).isEqualTo("1");
        }

        HttpResponse<String> direct = postJson("/v2/models/" + MODEL + "/versions/2/infer", body);
        assertThat(direct.statusCode()).isEqualTo(503);
        assertThat(json(direct).get("error").asString())
                .contains("model fashion-corrupt/2 was not loaded")
                .contains("failed the integrity check")
                .contains("its sha256 is ")
                .contains("the registry recorded " + TestModels.sha256(second));
        assertThat(json(direct).get("error_code").asString()).isEqualTo("UNAVAILABLE");

        HttpResponse<String> ready = get("/v2/models/" + MODEL + "/versions/2/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(json(ready).get("ready").asBoolean()).isFalse();
        assertThat(grpc().modelReady(ModelReadyRequest.newBuilder()
                                .setName(MODEL)
                                .setVersion("2")
                                .build())
                        .getReady())
                .isFalse();
    }
}
