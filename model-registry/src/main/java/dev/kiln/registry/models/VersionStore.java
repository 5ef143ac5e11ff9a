package dev.kiln.registry.models;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes of registered models and their versions. Every change of a model first locks its {@code registered_models}
 * row, which serialises version numbering and keeps the model's outbox events in commit order.
 */
@Repository
class VersionStore {
    private final JdbcClient jdbc;

    VersionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the model if it is new and locks its row; returns its id. */
    long lockOrCreateModel(String name) {
        jdbc.sql("insert into registered_models (name) values (:name) on conflict (name) do nothing")
                .param("name", name)
                .update();
        return lockModel(name).orElseThrow();
    }

    /** Locks an existing model's row; empty when there is no such model. */
    Optional<Long> lockModel(String name) {
        return jdbc.sql("select id from registered_models where name = :name for update")
                .param("name", name)
                .query(Long.class)
                .optional();
    }

    /** The next version number of a locked model; numbers are never reused, even after a deletion. */
    int nextVersionNumber(long modelId) {
        return jdbc.sql("update registered_models set latest_version = latest_version + 1, updated_at = now()"
                        + " where id = :id returning latest_version")
                .param("id", modelId)
                .query(Integer.class)
                .single();
    }

    Optional<Reservation> versionOfJob(String jobId) {
        return jdbc.sql("select v.id, v.model_id, m.name, v.version, v.status from model_versions v"
                        + " join registered_models m on m.id = v.model_id where v.job_id = :jobId")
                .param("jobId", jobId)
                .query((rs, n) -> new Reservation(
                        rs.getLong("id"),
                        rs.getLong("model_id"),
                        rs.getString("name"),
                        rs.getInt("version"),
                        VersionStatus.valueOf(rs.getString("status"))))
                .optional();
    }

    long insertPendingVersion(long modelId, int version, NewVersion v) {
        return jdbc.sql("insert into model_versions (model_id, version, status, job_id, dataset, hyperparameters,"
                        + " worker, device, source) values (:modelId, :version, 'PENDING_REGISTRATION', :jobId,"
                        + " :dataset, cast(:hp as jsonb), :worker, :device, :source) returning id")
                .param("modelId", modelId)
                .param("version", version)
                .param("jobId", v.jobId())
                .param("dataset", v.dataset())
                .param("hp", v.hyperparametersJson())
                .param("worker", v.worker())
                .param("device", v.device())
                .param("source", v.source())
                .query(Long.class)
                .single();
    }

    /** Ends a pending registration; false when it was no longer pending (someone else finished it). */
    boolean finish(long versionId, Completion c) {
        return jdbc.sql("update model_versions set status = :status, status_message = :message,"
                                + " signature = cast(:signature as jsonb), labels = cast(:labels as jsonb),"
                                + " normalization = cast(:normalization as jsonb), metrics = cast(:metrics as jsonb),"
                                + " updated_at = now() where id = :id and status = 'PENDING_REGISTRATION'")
                        .param("status", c.status().name())
                        .param("message", c.message())
                        .param("signature", c.signatureJson())
                        .param("labels", c.labelsJson())
                        .param("normalization", c.normalizationJson())
                        .param("metrics", c.metricsJson())
                        .param("id", versionId)
                        .update()
                == 1;
    }

    void insertArtifacts(long versionId, List<StoredArtifact> artifacts) {
        for (StoredArtifact a : artifacts) {
            jdbc.sql("insert into model_artifacts (model_version_id, file, uri, size_bytes, sha256)"
                            + " values (:id, :file, :uri, :size, :sha256) on conflict do nothing")
                    .param("id", versionId)
                    .param("file", a.file())
                    .param("uri", a.uri())
                    .param("size", a.sizeBytes())
                    .param("sha256", a.sha256())
                    .update();
        }
    }

    /** Fills the lineage of a version registered before its job's request was seen. */
    void backfillLineage(String jobId, String dataset, String hyperparametersJson) {
        jdbc.sql("update model_versions set dataset = coalesce(dataset, :dataset),"
                        + " hyperparameters = coalesce(hyperparameters, cast(:hp as jsonb)), updated_at = now()"
                        + " where job_id = :jobId")
                .param("dataset", dataset)
                .param("hp", hyperparametersJson)
                .param("jobId", jobId)
                .update();
    }

    /** A version number taken for a registration, and where that registration stands. */
    record Reservation(long versionId, long modelId, String model, int version, VersionStatus status) {}

    /** Lineage of a version about to be registered. */
    record NewVersion(
            String jobId, String dataset, String hyperparametersJson, String worker, String device, String source) {}

    /** How a registration ended. */
    record Completion(
            VersionStatus status,
            String message,
            String signatureJson,
            String labelsJson,
            String normalizationJson,
            String metricsJson,
            List<StoredArtifact> artifacts) {}
}
