package dev.kiln.registry.datasets;

import dev.kiln.registry.config.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/** The {@code datasets} table. */
@Repository
class DatasetRepository {
    private static final String COLUMNS = "select name, format, input_shape::text as input_shape,"
            + " class_names::text as class_names, split_counts::text as split_counts, files::text as files, label_column, uri,"
            + " created_at from datasets";

    private final JdbcClient jdbc;
    private final JsonColumns json;

    DatasetRepository(JdbcClient jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    boolean exists(String name) {
        return jdbc.sql("select exists (select 1 from datasets where name = :name)")
                .param("name", name)
                .query(Boolean.class)
                .single();
    }

    void insert(DatasetView d) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        d.splits().forEach((split, s) -> counts.put(split, s.count()));
        jdbc.sql(
                        "insert into datasets (name, format, input_shape, class_names, split_counts, files, label_column, uri) values"
                                + " (:name, :format, cast(:shape as jsonb), cast(:classes as jsonb), cast(:counts as jsonb),"
                                + " cast(:files as jsonb), :labelColumn, :uri)")
                .param("name", d.name())
                .param("format", d.format())
                .param("shape", json.write(d.inputShape()))
                .param("classes", json.write(d.classNames()))
                .param("counts", json.write(counts))
                .param("files", json.write(d.files()))
                .param("labelColumn", d.labelColumn())
                .param("uri", d.uri())
                .update();
    }

    Optional<DatasetView> find(String name) {
        return jdbc.sql(COLUMNS + " where name = :name")
                .param("name", name)
                .query((rs, n) -> row(rs))
                .optional();
    }

    List<DatasetView> list() {
        return jdbc.sql(COLUMNS + " order by name").query((rs, n) -> row(rs)).list();
    }

    private DatasetView row(ResultSet rs) throws SQLException {
        var mapper = json.mapper();
        List<Integer> shape = mapper.readValue(rs.getString("input_shape"), new TypeReference<List<Integer>>() {});
        List<String> classes = mapper.readValue(rs.getString("class_names"), new TypeReference<List<String>>() {});
        Map<String, Integer> counts =
                mapper.readValue(rs.getString("split_counts"), new TypeReference<Map<String, Integer>>() {});
        Map<String, Map<String, String>> files =
                mapper.readValue(rs.getString("files"), new TypeReference<Map<String, Map<String, String>>>() {});
        Map<String, DatasetView.Split> splits = new LinkedHashMap<>();
        for (String split : List.of(Splits.TRAIN, Splits.TEST)) {
            if (counts.containsKey(split)) {
                splits.put(split, new DatasetView.Split(counts.get(split)));
            }
        }
        OffsetDateTime created = rs.getObject("created_at", OffsetDateTime.class);
        return new DatasetView(
                rs.getString("name"),
                rs.getString("format"),
                shape,
                classes.size(),
                classes,
                splits,
                files,
                rs.getString("label_column"),
                rs.getString("uri"),
                created.toInstant());
    }
}
