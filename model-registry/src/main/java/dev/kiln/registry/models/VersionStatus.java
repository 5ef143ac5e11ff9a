package dev.kiln.registry.models;

/** MLflow's model version statuses. */
public enum VersionStatus {
    PENDING_REGISTRATION,
    READY,
    FAILED_REGISTRATION
}
