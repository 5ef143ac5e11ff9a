package dev.kiln.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.infra.testing.KilnInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistryApplicationIntegrationTests {
    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        KilnInfrastructure.endpoints().springProperties("registry").forEach((k, v) -> registry.add(k, () -> v));
    }

    @Test
    void flywayCreatesTheRegistrySchemaInPostgres() {
        List<String> tables = jdbc.queryForList(
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
        Integer applied = jdbc.queryForObject(
                "select count(*) from flyway_schema_history where success and version = '1'", Integer.class);
        assertThat(applied).isEqualTo(1);
    }

    @Test
    void reservedAliasNamesAreRefusedByTheSchema() {
        jdbc.update("insert into registered_models (name) values ('schema-check')");
        Long model = jdbc.queryForObject("select id from registered_models where name = 'schema-check'", Long.class);
        jdbc.update("insert into model_versions (model_id, version, status) values (?, 1, 'READY')", model);
        Long version = jdbc.queryForObject("select id from model_versions where model_id = ?", Long.class, model);
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(
                        org.springframework.dao.DataIntegrityViolationException.class,
                        () -> jdbc.update(
                                "insert into model_aliases (model_id, alias, model_version_id) values (?, 'latest', ?)",
                                model,
                                version)))
                .hasMessageContaining("model_aliases_reserved_ck");
    }

    @Test
    void healthIsUpWithDatabaseAndStorage() throws Exception {
        String body = get("/actuator/health");
        assertThat(body).startsWith("{").contains("\"db\":{").contains("\"storage\":{");
        assertThat(body).contains("\"status\":\"UP\"").doesNotContain("\"status\":\"DOWN\"");
    }

    @Test
    void prometheusMetricsAreExposed() throws Exception {
        assertThat(get("/actuator/prometheus"))
                .contains("jvm_memory_used_bytes")
                .contains("hikaricp_connections");
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
