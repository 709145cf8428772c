package dev.k6runner.local;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The real Postgres binaries, with a data folder that is kept between starts. */
final class LocalPostgres implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private LocalPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static LocalPostgres start(LocalClusterSettings settings) throws IOException, SQLException {
        Path dataDirectory = settings.dataDirectory().resolve("postgres").toAbsolutePath();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(settings.postgresPort())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setRegisterShutdownHook(false)
                .start();
        createDatabaseIfMissing(postgres);
        return new LocalPostgres(postgres);
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet existing = statement.executeQuery(
                     "SELECT 1 FROM pg_database WHERE datname = '" + LocalClusterSettings.DATABASE + "'")) {
            if (!existing.next()) {
                statement.execute("CREATE DATABASE " + LocalClusterSettings.DATABASE);
            }
        }
    }

    String databaseUrl() {
        return databaseUrl(postgres.getPort());
    }

    static String databaseUrl(int port) {
        return "postgres://postgres:postgres@127.0.0.1:" + port + "/" + LocalClusterSettings.DATABASE;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("local-cluster: Postgres did not stop cleanly: " + e.getMessage());
        }
    }
}
