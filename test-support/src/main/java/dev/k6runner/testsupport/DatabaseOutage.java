package dev.k6runner.testsupport;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * An outage of one test database on {@link SharedPostgres}, as its clients would see a database that went away: no
 * new connection is allowed, and every open one is terminated and gone before {@link #begin} returns, so no statement
 * of the service under test can commit during the outage. One connection may be spared: the test's own, when it
 * plays another service that still reaches the database (the gateway's reaper, say).
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    /** Starts the outage of {@code database}; {@code spared} (null for none) keeps its connection. */
    public static void begin(String database, Connection spared) throws SQLException {
        try (Connection admin = SharedPostgres.server().getPostgresDatabase().getConnection();
             Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS false");
            String others = "FROM pg_stat_activity WHERE datname = '" + database + "'"
                    + (spared == null ? "" : " AND pid <> " + SharedPostgres.single(spared, "SELECT pg_backend_pid()::text"));
            sql.execute("SELECT pg_terminate_backend(pid) " + others);
            // gone, not just signalled: a backend finishing its statement could still commit
            await().atMost(Duration.ofSeconds(10)).until(() -> "0".equals(SharedPostgres.single(admin, "SELECT count(*) " + others)));
        }
    }

    /** Ends the outage: new connections are allowed again. */
    public static void end(String database) throws SQLException {
        try (Connection admin = SharedPostgres.server().getPostgresDatabase().getConnection();
             Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS true");
        }
    }
}
