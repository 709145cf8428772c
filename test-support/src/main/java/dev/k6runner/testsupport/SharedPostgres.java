package dev.k6runner.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real Postgres server per test JVM, started on first use. Each caller of
 * {@link #freshDatabase()} gets its own empty database on it, so test classes never see each
 * other's rows and the server starts only once.
 */
public final class SharedPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private SharedPostgres() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                EmbeddedPostgres started = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(started), "shared-postgres-stop"));
                server = started;
            } catch (IOException e) {
                throw new UncheckedIOException("embedded Postgres did not start", e);
            }
        }
        return server;
    }

    /** Creates a new empty database and returns its JDBC URL. */
    public static String freshDatabase() {
        String name = "k6runner_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = server().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return jdbcUrl(name);
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + server().getPort() + "/" + database;
    }

    public static String username() {
        return "postgres";
    }

    public static String password() {
        return "postgres";
    }

    /** The first column of the first row a query answers, as text: what a test reads back to check one value. */
    public static String single(Connection connection, String query) throws SQLException {
        try (Statement sql = connection.createStatement(); ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getString(1);
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the JVM is exiting; nothing left to do
        }
    }
}
