package dev.kiln.contracts.events;

/** An event of one registered model, on {@code model-events} keyed by model name; inference replicas refresh on it. */
public sealed interface ModelEvent extends KilnEvent
        permits ModelVersionRegistered, ModelAliasChanged, ModelVersionDeleted {

    /** The registered model's name (the Kafka key). */
    String modelName();
}
