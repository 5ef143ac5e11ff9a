package dev.kiln.registry.models;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.ModelAliasChanged;
import dev.kiln.registry.api.ApiException;
import dev.kiln.registry.outbox.Outbox;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sets, moves, deletes and resolves aliases. Each change locks the model's row, so one alias has one target at a time
 * and its {@code ModelAliasChanged} events leave the outbox in the order the changes were made.
 */
@Service
class AliasService {
    private final JdbcClient jdbc;
    private final VersionStore versions;
    private final VersionQueries queries;
    private final Outbox outbox;

    AliasService(JdbcClient jdbc, VersionStore versions, VersionQueries queries, Outbox outbox) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.queries = queries;
        this.outbox = outbox;
    }

    /** Points the alias at the version; publishes the change unless it already pointed there. */
    @Transactional
    ModelViews.AliasView set(String model, String alias, Integer version) {
        AliasNames.requireSettable(alias);
        if (version == null) {
            throw ApiException.invalidArgument("version", "version is required, e.g. {\"version\": 3}");
        }
        long modelId = versions.lockModel(model).orElseThrow(() -> ModelQueries.notFound(model));
        Target target = jdbc.sql(
                        "select id, status from model_versions where model_id = :modelId and version = :version")
                .param("modelId", modelId)
                .param("version", version)
                .query((rs, n) -> new Target(rs.getLong("id"), rs.getString("status")))
                .optional()
                .orElseThrow(() -> ApiException.notFound(
                        "registered model '" + model + "' has no version " + version + " for alias '" + alias + "'"));
        if (!VersionStatus.READY.name().equals(target.status())) {
            throw ApiException.failedPrecondition("version " + version + " of '" + model + "' is " + target.status()
                    + "; an alias can only point to a READY version");
        }
        Optional<Integer> previous = current(modelId, alias);
        if (previous.isEmpty() || !previous.get().equals(version)) {
            jdbc.sql("insert into model_aliases (model_id, alias, model_version_id) values (:modelId, :alias, :id)"
                            + " on conflict (model_id, alias) do update set model_version_id = excluded.model_version_id,"
                            + " updated_at = now()")
                    .param("modelId", modelId)
                    .param("alias", alias)
                    .param("id", target.id())
                    .update();
            outbox.append(
                    Topics.MODEL_EVENTS, model, ModelAliasChanged.of(model, alias, version, previous.orElse(null)));
        }
        return new ModelViews.AliasView(model, alias, version, queries.get(model, version));
    }

    @Transactional
    void delete(String model, String alias) {
        long modelId = versions.lockModel(model).orElseThrow(() -> ModelQueries.notFound(model));
        if (AliasNames.reserved(alias)) {
            throw ApiException.invalidArgument("alias", "alias '" + alias + "' is reserved and cannot be deleted");
        }
        Integer previous = current(modelId, alias)
                .orElseThrow(
                        () -> ApiException.notFound("registered model '" + model + "' has no alias '" + alias + "'"));
        jdbc.sql("delete from model_aliases where model_id = :modelId and alias = :alias")
                .param("modelId", modelId)
                .param("alias", alias)
                .update();
        outbox.append(Topics.MODEL_EVENTS, model, ModelAliasChanged.of(model, alias, null, previous));
    }

    /** The version an alias points to; {@code latest} and {@code v<n>} resolve without being stored. */
    @Transactional(readOnly = true)
    ModelViews.AliasView resolve(String model, String alias) {
        queries.requireModel(model);
        Integer version;
        if (AliasNames.LATEST.equals(alias)) {
            version = queries.latestReady(model)
                    .orElseThrow(() -> ApiException.notFound("registered model '" + model + "' has no READY version"));
        } else if (AliasNames.versionReference(alias) != null) {
            version = AliasNames.versionReference(alias);
        } else {
            version = jdbc.sql(
                            "select v.version from model_aliases a join model_versions v on v.id = a.model_version_id"
                                    + " join registered_models m on m.id = a.model_id where m.name = :model and a.alias = :alias")
                    .param("model", model)
                    .param("alias", alias)
                    .query(Integer.class)
                    .optional()
                    .orElseThrow(() ->
                            ApiException.notFound("registered model '" + model + "' has no alias '" + alias + "'"));
        }
        return new ModelViews.AliasView(model, alias, version, queries.get(model, version));
    }

    private Optional<Integer> current(long modelId, String alias) {
        return jdbc.sql("select v.version from model_aliases a join model_versions v on v.id = a.model_version_id"
                        + " where a.model_id = :modelId and a.alias = :alias")
                .param("modelId", modelId)
                .param("alias", alias)
                .query(Integer.class)
                .optional();
    }

    private record Target(long id, String status) {}
}
