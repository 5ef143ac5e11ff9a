package dev.kiln.registry.models;

/** One file of a model version in object storage, as recorded in {@code model_artifacts}. */
record StoredArtifact(String file, String uri, long sizeBytes, String sha256) {}
