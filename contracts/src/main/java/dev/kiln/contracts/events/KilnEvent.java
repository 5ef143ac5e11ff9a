package dev.kiln.contracts.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.UUID;

/**
 * Something that happened in Kiln, published on Kafka. Every event carries its {@link #eventId()} (consumers are
 * idempotent on it, since Kafka delivers at least once), its {@link #type()}, {@link #schemaVersion()} and
 * {@link #occurredAt()}. In JSON the {@code "type"} property is the simple record name and is used to read the
 * event back: {@code {"type":"EpochCompleted","event_id":"…","schema_version":1,"occurred_at":"…Z",…}}. Read and
 * write events with {@link EventCodec}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TrainingJobRequested.class, name = "TrainingJobRequested"),
    @JsonSubTypes.Type(value = TrainingJobCancelRequested.class, name = "TrainingJobCancelRequested"),
    @JsonSubTypes.Type(value = TrainingJobStarted.class, name = "TrainingJobStarted"),
    @JsonSubTypes.Type(value = EpochCompleted.class, name = "EpochCompleted"),
    @JsonSubTypes.Type(value = BatchProgress.class, name = "BatchProgress"),
    @JsonSubTypes.Type(value = CheckpointSaved.class, name = "CheckpointSaved"),
    @JsonSubTypes.Type(value = TrainingJobSucceeded.class, name = "TrainingJobSucceeded"),
    @JsonSubTypes.Type(value = TrainingJobFailed.class, name = "TrainingJobFailed"),
    @JsonSubTypes.Type(value = TrainingJobCancelled.class, name = "TrainingJobCancelled"),
    @JsonSubTypes.Type(value = ModelVersionRegistered.class, name = "ModelVersionRegistered"),
    @JsonSubTypes.Type(value = ModelAliasChanged.class, name = "ModelAliasChanged"),
    @JsonSubTypes.Type(value = ModelVersionDeleted.class, name = "ModelVersionDeleted"),
    @JsonSubTypes.Type(value = WorkerHeartbeat.class, name = "WorkerHeartbeat")
})
@JsonPropertyOrder({"event_id", "schema_version", "occurred_at"})
public sealed interface KilnEvent permits JobEvent, ModelEvent, WorkerHeartbeat {
    /** The schema version written by this code. */
    int SCHEMA_VERSION = 1;

    /** Unique id of this event; consumers de-duplicate on it. */
    UUID eventId();

    /** When it happened. */
    Instant occurredAt();

    /** The simple record name, e.g. "EpochCompleted"; the JSON {@code "type"}. */
    default String type() {
        return getClass().getSimpleName();
    }

    /** The version of the event's schema; 1. */
    @JsonProperty(value = "schema_version", access = JsonProperty.Access.READ_ONLY)
    default int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
