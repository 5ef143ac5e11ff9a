package dev.kiln.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class RegistryApplicationIntegrationTests extends RegistryIntegrationTestBase {
    @Autowired
    JdbcTemplate template;

    @Test
    void flywayCreatesTheRegistrySchemaInPostgres() {
        List<String> tables = template.queryForList(
                "select table_name from information_schema.tables where table_schema = 'public' order by 1",
                String.class);
        assertThat(tables)
                .contains(
                        "datasets",
                        "training_jobs",
                        "training_job_epochs",
                        "registered_models",
                        "model_versions",
                        "model_aliases",
                        "model_artifacts",
                        "outbox_events");
        Integer applied = template.queryForObject(
                "select count(*) from flyway_schema_history where success and version = '1'", Integer.class);
        assertThat(applied).isEqualTo(1);
        Integer latest = template.queryForObject(
                "select count(*) from flyway_schema_history where success and version = '2'", Integer.class);
        assertThat(latest).as("V2 applied").isEqualTo(1);
    }

    @Test
    void reservedAliasNamesAreRefusedByTheSchema() {
        template.update("insert into registered_models (name) values ('schema-check')");
        Long model =
                template.queryForObject("select id from registered_models where name = 'schema-check'", Long.class);
        template.update("insert into model_versions (model_id, version, status) values (?, 1, 'READY')", model);
        Long version = template.queryForObject("select id from model_versions where model_id = ?", Long.class, model);
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(
                        org.springframework.dao.DataIntegrityViolationException.class,
                        () -> template.update(
                                "insert into model_aliases (model_id, alias, model_version_id) values (?, 'latest', ?)",
                                model,
                                version)))
                .hasMessageContaining("model_aliases_reserved_ck");
    }

    @Test
    void healthIsUpWithDatabaseAndStorage() throws Exception {
        String body = body("/actuator/health");
        assertThat(body).startsWith("{").contains("\"db\":{").contains("\"storage\":{");
        assertThat(body).contains("\"status\":\"UP\"").doesNotContain("\"status\":\"DOWN\"");
    }

    @Test
    void readinessDependsOnTheDatabase() throws Exception {
        String body = body("/actuator/health/readiness");
        assertThat(body).contains("\"db\":{").contains("\"readinessState\":{");
        assertThat(body).contains("\"status\":\"UP\"");
    }

    @Test
    void prometheusMetricsAreExposed() throws Exception {
        assertThat(body("/actuator/prometheus"))
                .contains("jvm_memory_used_bytes")
                .contains("hikaricp_connections");
    }

    private String body(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
