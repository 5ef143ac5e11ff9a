package dev.kiln.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.contracts.spec.ModelTemplates;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTests {

    static Stream<KilnEvent> everyEventType() {
        return Stream.of(
                TrainingJobRequested.of(
                        "job-1",
                        "fmnist-mlp",
                        "fashion-mnist",
                        ModelTemplates.cnn(List.of(1, 28, 28), 10),
                        Hyperparameters.defaults(),
                        Resources.defaults(),
                        "fashion-mnist-classifier"),
                TrainingJobCancelRequested.of("job-1", "changed my mind"),
                TrainingJobStarted.of("job-1", "worker-a", "cpu", 2, 3),
                EpochCompleted.of("job-1", 1, 0.52, 0.81, 0.44, 0.84, 9000.0, 6.1),
                EpochCompleted.of("job-1", 2, 0.41, 0.85, null, null, 9100.5, 5.9),
                BatchProgress.of("job-1", 1, 200, 844, 0.61, 0.78, 8800.0),
                CheckpointSaved.of("job-1", 3, "s3://kiln/jobs/job-1/checkpoints/epoch-3.ckpt"),
                TrainingJobSucceeded.of(
                        "job-1",
                        "worker-a",
                        "cuda:0",
                        0.88,
                        0.33,
                        List.of(new Artifact("model.onnx", "s3://kiln/jobs/job-1/model.onnx", 2_680_000L, "ab12")),
                        "fashion-mnist-classifier"),
                TrainingJobFailed.of("job-1", "out of memory", "RESOURCE_EXHAUSTED", 1, true),
                TrainingJobCancelled.of("job-1", "cancelled by user"),
                ModelVersionRegistered.of("fashion-mnist-classifier", 3, "job-1", "READY"),
                ModelAliasChanged.of("fashion-mnist-classifier", "production", 3, 2),
                ModelAliasChanged.of("fashion-mnist-classifier", "production", null, 3),
                ModelVersionDeleted.of("fashion-mnist-classifier", 1),
                WorkerHeartbeat.of("worker-a", List.of("cpu", "cuda:0"), 2, 8_000_000_000L, null, "training-jobs-gpu"));
    }

    @ParameterizedTest
    @MethodSource("everyEventType")
    void everyEventRoundTripsThroughBytesAndStrings(KilnEvent event) {
        byte[] bytes = EventCodec.toBytes(event);

        assertThat(EventCodec.fromBytes(bytes)).isEqualTo(event);
        assertThat(EventCodec.fromBytes(bytes, event.getClass())).isEqualTo(event);
        assertThat(EventCodec.fromJson(EventCodec.toJson(event))).isEqualTo(event);
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .startsWith("{\"type\":\"" + event.type() + "\",\"event_id\":\"" + event.eventId()
                        + "\",\"schema_version\":1,\"occurred_at\":\"");
    }

    @Test
    void everyEventTypeIsCovered() {
        assertThat(everyEventType().map(KilnEvent::type).distinct()).containsExactlyElementsOf(EventCodec.eventTypes());
        assertThat(EventCodec.eventTypes()).hasSize(13);
    }

    @Test
    void writesSnakeCaseIsoTimesAndNoNulls() {
        EpochCompleted event = new EpochCompleted(
                UUID.fromString("2f1b6c1e-4c1a-4f36-9b0e-3c2d8f0a1b2c"),
                Instant.parse("2026-03-01T12:00:00.123Z"),
                "job-7",
                1,
                0.5,
                0.8,
                null,
                null,
                9000.0,
                6.5);

        assertThat(EventCodec.toJson(event))
                .isEqualTo("{\"type\":\"EpochCompleted\",\"event_id\":\"2f1b6c1e-4c1a-4f36-9b0e-3c2d8f0a1b2c\","
                        + "\"schema_version\":1,\"occurred_at\":\"2026-03-01T12:00:00.123Z\",\"job_id\":\"job-7\","
                        + "\"epoch\":1,\"train_loss\":0.5,\"train_accuracy\":0.8,\"samples_per_second\":9000.0,"
                        + "\"seconds\":6.5}");
    }

    @Test
    void writesTheModelSpecInsideAJobRequestAsApiJson() {
        TrainingJobRequested event = TrainingJobRequested.of(
                "job-1",
                "n",
                "fashion-mnist",
                ModelTemplates.mlp(List.of(784), 10),
                Hyperparameters.defaults(),
                Resources.defaults(),
                null);

        String json = EventCodec.toJson(event);

        assertThat(json)
                .contains("\"model\":{\"input\":{\"shape\":[784]},\"layers\":[{\"type\":\"Flatten\"},"
                        + "{\"type\":\"Linear\",\"out_features\":512}")
                .contains("\"hyperparameters\":{\"epochs\":5,\"batch_size\":64,\"optimizer\":\"adam\","
                        + "\"learning_rate\":0.001,\"seed\":42,\"validation_fraction\":0.1}")
                .contains("\"resources\":{\"device\":\"auto\"}")
                .doesNotContain("register_as");
    }

    @Test
    void rejectsUnknownEventTypeListingTheKnownOnes() {
        assertThatThrownBy(() -> EventCodec.fromJson(
                        "{\"type\":\"JobExploded\",\"event_id\":\"2f1b6c1e-4c1a-4f36-9b0e-3c2d8f0a1b2c\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown event type 'JobExploded'; known types: TrainingJobRequested,"
                        + " TrainingJobCancelRequested, TrainingJobStarted, EpochCompleted");
    }

    @Test
    void rejectsEventWithoutType() {
        assertThatThrownBy(() -> EventCodec.fromJson("{\"job_id\":\"job-1\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("event has no \"type\" property; known types: ");
    }

    @Test
    void rejectsJsonThatIsNotAnEventObject() {
        assertThatThrownBy(() -> EventCodec.fromJson("[1, 2]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event must be a JSON object with a \"type\", got array");
        assertThatThrownBy(() -> EventCodec.fromJson("{\"type\": 5}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown event type 5; known types: TrainingJobRequested");
    }

    @Test
    void rejectsUnknownLayerTypeInsideAJobRequestNamingThePath() {
        String json = "{\"type\":\"TrainingJobRequested\",\"event_id\":\"2f1b6c1e-4c1a-4f36-9b0e-3c2d8f0a1b2c\","
                + "\"occurred_at\":\"2026-03-01T12:00:00Z\",\"job_id\":\"j\",\"model\":{\"layers\":[{\"type\":\"Foo\"}]}}";

        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("event TrainingJobRequested could not be read: model.layers[0]: unknown layer"
                        + " type 'Foo'; supported types: Flatten, Linear");
    }

    @Test
    void rejectsMalformedJson() {
        assertThatThrownBy(() -> EventCodec.fromBytes("{\"type\":\"EpochCompleted\",".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("event is not valid JSON (line 1, column ");
        assertThatThrownBy(() -> EventCodec.fromBytes(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("event is empty");
    }

    @Test
    void rejectsEventMissingItsAggregateId() {
        assertThatThrownBy(
                        () -> EventCodec.fromJson(
                                "{\"type\":\"CheckpointSaved\",\"event_id\":"
                                        + "\"2f1b6c1e-4c1a-4f36-9b0e-3c2d8f0a1b2c\",\"occurred_at\":\"2026-03-01T12:00:00Z\",\"epoch\":1}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event CheckpointSaved could not be read: job_id is required");
    }

    @Test
    void rejectsEventOfAnotherTypeThanExpected() {
        byte[] started = EventCodec.toBytes(TrainingJobStarted.of("job-1", "w", "cpu", 1, 0));

        assertThatThrownBy(() -> EventCodec.fromBytes(started, EpochCompleted.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expected a EpochCompleted event but got TrainingJobStarted");
    }

    @Test
    void readsEventsWithPropertiesItDoesNotKnow() {
        KilnEvent event = EventCodec.fromJson("{\"type\":\"ModelVersionDeleted\",\"event_id\":"
                + "\"2f1b6c1e-4c1a-4f36-9b0e-3c2d8f0a1b2c\",\"schema_version\":1,\"occurred_at\":\"2026-03-01T12:00:00Z\","
                + "\"model_name\":\"m\",\"version\":4,\"deleted_by\":\"admin\"}");

        assertThat(event).isInstanceOf(ModelVersionDeleted.class);
        assertThat(((ModelEvent) event).modelName()).isEqualTo("m");
        assertThat(event.schemaVersion()).isEqualTo(1);
    }

    @Test
    void jobAndModelEventsExposeTheirKafkaKeys() {
        assertThat(((JobEvent) EventCodec.fromBytes(EventCodec.toBytes(CheckpointSaved.of("job-9", 1, "u")))).jobId())
                .isEqualTo("job-9");
        assertThat(ModelAliasChanged.of("m", "production", null, 3).deleted()).isTrue();
    }
}
