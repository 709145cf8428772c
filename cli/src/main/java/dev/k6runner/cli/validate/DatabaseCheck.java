package dev.k6runner.cli.validate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Postgres reachable, and migrated by Flyway (every service runs the migrations at start). */
final class DatabaseCheck {

    static final List<String> TABLES = List.of("teams", "api_keys", "runs", "run_results", "anomalies", "baselines", "runners");
    private static final String MIGRATE_HINT = "start any k6runner service once (each runs the Flyway migrations at start), "
            + "e.g. scripts/run-local.sh";

    private final DatabaseTarget target;
    private final Duration timeout;

    DatabaseCheck(DatabaseTarget target, Duration timeout) {
        this.target = target;
        this.timeout = timeout;
    }

    CheckResult check() {
        try (Connection connection = target.connect(seconds(timeout))) {
            return migrated(connection);
        } catch (SQLException e) {
            return CheckResult.fail("database", "cannot connect to " + target.describe() + ": " + oneLine(e.getMessage())
                    + ": start Postgres or set DATABASE_URL (or --database-url)");
        }
    }

    private CheckResult migrated(Connection connection) throws SQLException {
        if (!tableExists(connection, "flyway_schema_history")) {
            return CheckResult.fail("database", "reachable (" + target.describe() + ") but not migrated: no flyway_schema_history; "
                    + MIGRATE_HINT);
        }
        try (Statement statement = connection.createStatement()) {
            try (ResultSet failed = statement.executeQuery(
                    "SELECT version, description FROM flyway_schema_history WHERE NOT success ORDER BY installed_rank LIMIT 1")) {
                if (failed.next()) {
                    return CheckResult.fail("database", "migration V" + failed.getString(1) + " (" + failed.getString(2)
                            + ") failed: fix its cause, remove its row from flyway_schema_history, then restart a service");
                }
            }
            List<String> missing = new ArrayList<>();
            for (String table : TABLES) {
                if (!tableExists(connection, table)) {
                    missing.add(table);
                }
            }
            if (!missing.isEmpty()) {
                return CheckResult.fail("database", "migrated partly: tables " + missing + " are missing; " + MIGRATE_HINT);
            }
            try (ResultSet latest = statement.executeQuery(
                    "SELECT count(*), max(installed_rank), (SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL "
                            + "ORDER BY installed_rank DESC LIMIT 1) FROM flyway_schema_history WHERE success")) {
                latest.next();
                return CheckResult.ok("database", "reachable (" + target.describe() + "), migrated to V" + latest.getString(3)
                        + " (" + latest.getLong(1) + " migrations)");
            }
        }
    }

    static boolean tableExists(Connection connection, String table) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    static int seconds(Duration timeout) {
        return (int) Math.max(1, timeout.toSeconds());
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }
}
