package dev.kiln.registry.models;

import dev.kiln.registry.api.ApiException;
import dev.kiln.registry.config.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reads model versions with their lineage, artifacts, aliases and tags. */
@Component
@Transactional(readOnly = true)
class VersionQueries {
    private static final String VERSION_COLUMNS = "select v.id, m.name, v.version, v.status, v.status_message,"
            + " v.source, v.job_id, v.dataset, v.hyperparameters::text as hyperparameters, v.metrics::text as metrics,"
            + " v.signature::text as signature, v.labels::text as labels, v.normalization::text as normalization,"
            + " v.worker, v.device, v.created_at, v.updated_at"
            + " from model_versions v join registered_models m on m.id = v.model_id";

    private final JdbcClient jdbc;
    private final JsonColumns json;

    VersionQueries(JdbcClient jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Every version of a model, newest first. */
    ModelViews.VersionList list(String model) {
        requireModel(model);
        return new ModelViews.VersionList(jdbc.sql(VERSION_COLUMNS + " where m.name = :name order by v.version desc")
                .param("name", model)
                .query((rs, n) -> row(rs))
                .list());
    }

    ModelViews.VersionView get(String model, int version) {
        return find(model, version).orElseThrow(() -> {
            requireModel(model);
            return ApiException.notFound("registered model '" + model + "' has no version " + version);
        });
    }

    Optional<ModelViews.VersionView> find(String model, int version) {
        return jdbc.sql(VERSION_COLUMNS + " where m.name = :name and v.version = :version")
                .param("name", model)
                .param("version", version)
                .query((rs, n) -> row(rs))
                .optional();
    }

    /** The highest READY version, what {@code @latest} means. */
    Optional<Integer> latestReady(String model) {
        return jdbc
                .sql("select max(v.version) from model_versions v join registered_models m on m.id = v.model_id"
                        + " where m.name = :name and v.status = 'READY'")
                .param("name", model)
                .query((rs, n) -> (Integer) rs.getObject(1))
                .list()
                .stream()
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    void requireModel(String model) {
        Boolean exists = jdbc.sql("select exists (select 1 from registered_models where name = :name)")
                .param("name", model)
                .query(Boolean.class)
                .single();
        if (!exists) {
            throw ModelQueries.notFound(model);
        }
    }

    private ModelViews.VersionView row(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        List<ModelViews.ArtifactView> artifacts = jdbc.sql(
                        "select file, size_bytes, sha256, uri from model_artifacts where model_version_id = :id"
                                + " order by file")
                .param("id", id)
                .query((r, n) -> new ModelViews.ArtifactView(
                        r.getString("file"), r.getLong("size_bytes"), r.getString("sha256"), r.getString("uri")))
                .list();
        List<String> aliases = jdbc.sql("select alias from model_aliases where model_version_id = :id order by alias")
                .param("id", id)
                .query(String.class)
                .list();
        Map<String, String> tags = new LinkedHashMap<>();
        jdbc.sql("select key, value from model_version_tags where model_version_id = :id order by key")
                .param("id", id)
                .query((r, n) -> tags.put(r.getString("key"), r.getString("value")))
                .list();
        return new ModelViews.VersionView(
                rs.getString("name"),
                rs.getInt("version"),
                rs.getString("status"),
                rs.getString("status_message"),
                rs.getString("source"),
                rs.getString("job_id"),
                rs.getString("dataset"),
                json.read(rs.getString("hyperparameters")),
                json.read(rs.getString("metrics")),
                json.read(rs.getString("signature")),
                json.read(rs.getString("labels")),
                json.read(rs.getString("normalization")),
                rs.getString("worker"),
                rs.getString("device"),
                artifacts,
                aliases,
                tags,
                ModelQueries.instant(rs, "created_at"),
                ModelQueries.instant(rs, "updated_at"));
    }
}
