package dev.kiln.infra.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * PostgreSQL from zonky's embedded binaries, run as a child process with its data under one folder. As root it runs
 * {@code initdb}/{@code postgres} inside a user namespace; where those are disabled it fails with a message that points
 * to {@code KILN_POSTGRES_URL}.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final PostgresEndpoint endpoint;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, PostgresEndpoint endpoint) {
        this.postgres = postgres;
        this.endpoint = endpoint;
    }

    public static EmbeddedPostgresServer start(Path dataDir, int port, String database) throws IOException {
        Files.createDirectories(dataDir);
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException | IllegalStateException e) {
            throw new IOException(
                    "embedded PostgreSQL did not start (" + rootMessage(e) + "); set KILN_POSTGRES_URL to use a"
                            + " PostgreSQL server of your own",
                    e);
        }
        String adminUrl = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try {
            createDatabaseIfMissing(adminUrl, database);
        } catch (SQLException e) {
            postgres.close();
            throw new IOException("could not create database '" + database + "': " + e.getMessage(), e);
        }
        return new EmbeddedPostgresServer(
                postgres, new PostgresEndpoint("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", ""));
    }

    public PostgresEndpoint endpoint() {
        return endpoint;
    }

    static void createDatabaseIfMissing(String adminUrl, String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl, "postgres", "");
                var check = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            check.setString(1, database);
            if (!check.executeQuery().next()) {
                try (var create = c.createStatement()) {
                    create.execute("create database \"" + database.replace("\"", "") + "\"");
                }
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
