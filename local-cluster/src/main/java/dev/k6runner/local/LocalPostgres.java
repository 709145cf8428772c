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
                // zonky starts Postgres for tests: with -F (no fsync at all) and synchronous_commit off. Local mode
                // keeps data between starts and answers 202 for accepted runs, so it runs as production does: every
                // commit on disk before it is acknowledged (an OS crash would otherwise lose accepted runs, or worse,
                // leave the data folder corrupt). "-c fsync=on" comes after zonky's -F, so it wins. The gateway's
                // group commit shares one flush among the submissions that arrive together.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                // With fsync on, each new 16 MB WAL segment was zero-filled and flushed inside some commit's wait: a
                // fresh cluster (nothing to recycle yet) showed submission p99 of 30-45 ms in 4 of 9 loads, against
                // 15-24 ms in 9 of 9 without the fill (docs/gateway.md, "Session 14"). Commits are flushed either way.
                .setServerConfig("wal_init_zero", "off")
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
