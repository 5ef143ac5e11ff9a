package dev.kiln.registry.models;

/** A model version as a registration left it. */
public record RegisteredVersion(String model, int version, VersionStatus status) {}
