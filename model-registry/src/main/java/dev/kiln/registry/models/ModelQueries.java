package dev.kiln.registry.models;

import dev.kiln.registry.api.ApiException;
import dev.kiln.registry.api.PageTokens;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reads registered models: list and search by name (keyset pages by name), one model. */
@Component
@Transactional(readOnly = true)
class ModelQueries {
    private static final String MODEL_COLUMNS = "select m.id, m.name, m.description, m.created_at, m.updated_at,"
            + " (select max(v.version) from model_versions v where v.model_id = m.id and v.status = 'READY')"
            + " as latest_ready, (select count(*) from model_versions v where v.model_id = m.id) as version_count"
            + " from registered_models m";

    private final JdbcClient jdbc;

    ModelQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    ModelViews.ModelList list(String search, int limit, String pageToken) {
        List<String> after = PageTokens.decode(pageToken, 1);
        String pattern = search == null || search.isBlank()
                ? null
                : "%" + search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        List<ModelViews.ModelView> models = jdbc.sql(MODEL_COLUMNS
                        + " where (cast(:pattern as text) is null or m.name ilike cast(:pattern as text))"
                        + " and (cast(:after as text) is null or m.name > cast(:after as text))"
                        + " order by m.name limit :limit")
                .param("pattern", pattern)
                .param("after", after == null ? null : after.get(0))
                .param("limit", limit + 1)
                .query((rs, n) -> row(rs))
                .list();
        String next = null;
        if (models.size() > limit) {
            models = models.subList(0, limit);
            next = PageTokens.encode(models.get(limit - 1).name());
        }
        return new ModelViews.ModelList(models, next);
    }

    ModelViews.ModelView get(String name) {
        return jdbc.sql(MODEL_COLUMNS + " where m.name = :name")
                .param("name", name)
                .query((rs, n) -> row(rs))
                .optional()
                .orElseThrow(() -> notFound(name));
    }

    private ModelViews.ModelView row(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        Map<String, Integer> aliases = new LinkedHashMap<>();
        jdbc.sql("select a.alias, v.version from model_aliases a join model_versions v on v.id = a.model_version_id"
                        + " where a.model_id = :id order by a.alias")
                .param("id", id)
                .query((r, n) -> aliases.put(r.getString("alias"), r.getInt("version")))
                .list();
        Map<String, String> tags = new LinkedHashMap<>();
        jdbc.sql("select key, value from registered_model_tags where model_id = :id order by key")
                .param("id", id)
                .query((r, n) -> tags.put(r.getString("key"), r.getString("value")))
                .list();
        return new ModelViews.ModelView(
                rs.getString("name"),
                rs.getString("description"),
                (Integer) rs.getObject("latest_ready"),
                rs.getInt("version_count"),
                aliases,
                tags,
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    static ApiException notFound(String name) {
        return ApiException.notFound("registered model '" + name + "' does not exist");
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
