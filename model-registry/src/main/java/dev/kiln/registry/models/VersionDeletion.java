package dev.kiln.registry.models;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.ModelAliasChanged;
import dev.kiln.contracts.events.ModelVersionDeleted;
import dev.kiln.registry.api.ApiException;
import dev.kiln.registry.outbox.Outbox;
import dev.kiln.registry.storage.ObjectStore;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Deletes a model version: refused while an alias points to it unless forced (then the aliases go too, each
 * announced), announced as {@code ModelVersionDeleted}, and its files removed from storage after the commit.
 */
@Service
class VersionDeletion {
    private static final Logger log = LoggerFactory.getLogger(VersionDeletion.class);

    private final JdbcClient jdbc;
    private final VersionStore versions;
    private final ObjectStore store;
    private final Outbox outbox;

    VersionDeletion(JdbcClient jdbc, VersionStore versions, ObjectStore store, Outbox outbox) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.store = store;
        this.outbox = outbox;
    }

    @Transactional
    void delete(String model, int version, boolean force) {
        long modelId = versions.lockModel(model).orElseThrow(() -> ModelQueries.notFound(model));
        Target target = jdbc.sql(
                        "select id, status from model_versions where model_id = :modelId and version = :version")
                .param("modelId", modelId)
                .param("version", version)
                .query((rs, n) -> new Target(rs.getLong("id"), rs.getString("status")))
                .optional()
                .orElseThrow(() -> ApiException.notFound("registered model '" + model + "' has no version " + version));
        if (VersionStatus.PENDING_REGISTRATION.name().equals(target.status())) {
            throw ApiException.failedPrecondition("version " + version + " of '" + model + "' is still being"
                    + " registered; delete it once it is READY or FAILED_REGISTRATION");
        }
        List<String> aliases = jdbc.sql("select alias from model_aliases where model_version_id = :id order by alias")
                .param("id", target.id())
                .query(String.class)
                .list();
        if (!aliases.isEmpty() && !force) {
            throw ApiException.failedPrecondition("version " + version + " of '" + model + "' is the target of alias"
                    + (aliases.size() > 1 ? "es " : " ") + String.join(", ", aliases)
                    + "; move or delete the alias first, or delete with force=true to remove the aliases too");
        }
        for (String alias : aliases) {
            jdbc.sql("delete from model_aliases where model_id = :modelId and alias = :alias")
                    .param("modelId", modelId)
                    .param("alias", alias)
                    .update();
            outbox.append(Topics.MODEL_EVENTS, model, ModelAliasChanged.of(model, alias, null, version));
        }
        jdbc.sql("delete from model_versions where id = :id")
                .param("id", target.id())
                .update();
        jdbc.sql("update registered_models set updated_at = now() where id = :id")
                .param("id", modelId)
                .update();
        outbox.append(Topics.MODEL_EVENTS, model, ModelVersionDeleted.of(model, version));
        String prefix = StorageLayout.modelVersionPrefix(model, version);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try {
                    store.deletePrefix(prefix);
                } catch (RuntimeException e) {
                    log.warn(
                            "version {} of {} deleted, but its files under {} were not: {}",
                            version,
                            model,
                            prefix,
                            e.toString());
                }
            }
        });
    }

    private record Target(long id, String status) {}
}
