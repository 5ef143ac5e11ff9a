package dev.kiln.registry.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.KilnEvent;
import dev.kiln.contracts.events.ModelAliasChanged;
import dev.kiln.contracts.events.ModelEvent;
import dev.kiln.contracts.events.ModelVersionDeleted;
import dev.kiln.registry.KafkaFixture;
import dev.kiln.registry.RegistryIntegrationTestBase;
import dev.kiln.registry.storage.ObjectStore;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class AliasesIntegrationTests extends RegistryIntegrationTestBase {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Autowired
    ObjectStore store;

    @Autowired
    ModelRegistration registration;

    @Test
    void aliasSetMovedAndDeletedIsAnnouncedOnModelEventsInOrder() throws Exception {
        String model = TrainedVersions.uniqueModel("aliased");
        TrainedVersions.register(store, registration, model);
        TrainedVersions.register(store, registration, model);
        String alias = "/api/v1/models/" + model + "/aliases/production";

        HttpResponse<String> set = send("PUT", alias, "{\"version\": 1}");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(set.body()).contains("\"alias\":\"production\",\"version\":1");
        assertThat(send("PUT", alias, "{\"version\": 1}").statusCode())
                .as("unchanged: no event")
                .isEqualTo(200);
        assertThat(get(alias).body()).contains("\"version\":1").contains("\"aliases\":[\"production\"]");
        assertThat(send("PUT", alias, "{\"version\": 2}").statusCode()).isEqualTo(200);
        assertThat(get(alias).body()).contains("\"version\":2");
        assertThat(get("/api/v1/models/" + model).body()).contains("\"aliases\":{\"production\":2}");
        assertThat(send("DELETE", alias, null).statusCode()).isEqualTo(204);
        assertThat(get(alias).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", alias, null).statusCode()).isEqualTo(404);

        List<KilnEvent> events =
                KafkaFixture.awaitEvents(Topics.MODEL_EVENTS, model, 3, e -> e instanceof ModelAliasChanged, TIMEOUT);
        assertThat(events)
                .extracting(e -> Arrays.asList(
                        ((ModelAliasChanged) e).alias(),
                        ((ModelAliasChanged) e).version(),
                        ((ModelAliasChanged) e).previousVersion()))
                .containsExactly(
                        Arrays.asList("production", 1, null),
                        Arrays.asList("production", 2, 1),
                        Arrays.asList("production", null, 2));
    }

    @Test
    void reservedAndMalformedAliasNamesAreRefusedNamingTheField() throws Exception {
        String model = TrainedVersions.uniqueModel("reserved");
        TrainedVersions.register(store, registration, model);
        for (String name : new String[] {"latest", "v1", "v42"}) {
            HttpResponse<String> response =
                    send("PUT", "/api/v1/models/" + model + "/aliases/" + name, "{\"version\": 1}");
            assertThat(response.statusCode()).as(name).isEqualTo(400);
            assertThat(response.body())
                    .contains("\"field\":\"alias\"")
                    .contains("\"error_code\":\"INVALID_ARGUMENT\"")
                    .contains("is reserved");
        }
        assertThat(send("PUT", "/api/v1/models/" + model + "/aliases/Prod", "{\"version\": 1}")
                        .body())
                .contains("alias 'Prod' is not valid");
        assertThat(send("PUT", "/api/v1/models/" + model + "/aliases/prod", "{}")
                        .body())
                .contains("\"field\":\"version\"");
        assertThat(send("PUT", "/api/v1/models/" + model + "/aliases/prod", "{\"version\": \"one\"}")
                        .body())
                .contains("\"status\":400")
                .contains("field version");
        assertThat(send("PUT", "/api/v1/models/" + model + "/aliases/prod", "{\"version\": 9}")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void latestAndVersionReferencesResolveWithoutBeingSet() throws Exception {
        String model = TrainedVersions.uniqueModel("latest");
        TrainedVersions.register(store, registration, model);
        TrainedVersions.register(store, registration, model);
        assertThat(get("/api/v1/models/" + model + "/aliases/latest").body()).contains("\"version\":2");
        assertThat(get("/api/v1/models/" + model + "/aliases/v1").body()).contains("\"version\":1");
    }

    @Test
    void versionAnAliasPointsToIsOnlyDeletedWhenForcedAndTheAliasGoesWithIt() throws Exception {
        String model = TrainedVersions.uniqueModel("guarded");
        TrainedVersions.register(store, registration, model);
        send("PUT", "/api/v1/models/" + model + "/aliases/champion", "{\"version\": 1}");

        HttpResponse<String> refused = send("DELETE", "/api/v1/models/" + model + "/versions/1", null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body())
                .contains("\"error_code\":\"FAILED_PRECONDITION\"")
                .contains("is the target of alias champion")
                .contains("force=true");
        assertThat(send("DELETE", "/api/v1/models/" + model + "/versions/1?force=true", null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(get("/api/v1/models/" + model + "/aliases/champion").statusCode())
                .isEqualTo(404);

        List<KilnEvent> events = KafkaFixture.awaitEvents(
                Topics.MODEL_EVENTS,
                model,
                3,
                e -> e instanceof ModelAliasChanged || e instanceof ModelVersionDeleted,
                TIMEOUT);
        assertThat(events)
                .extracting(KilnEvent::type)
                .containsExactly("ModelAliasChanged", "ModelAliasChanged", "ModelVersionDeleted");
        assertThat(((ModelAliasChanged) events.get(1)).deleted()).isTrue();
        assertThat(events).allMatch(e -> ((ModelEvent) e).modelName().equals(model));
    }
}
