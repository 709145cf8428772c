package dev.k6runner.schema;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.Flyway;

import dev.k6runner.testsupport.SharedPostgres;

/** A database of the shared test Postgres migrated to a version, and the one-value reads the migration tests make. */
final class MigratedDatabase {

    private MigratedDatabase() {
    }

    /** @param target the version to migrate to; null: the latest */
    static Flyway flyway(String url, String target) {
        var configuration = Flyway.configure().dataSource(url, SharedPostgres.username(), SharedPostgres.password());
        return (target == null ? configuration : configuration.target(target)).load();
    }

    static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, SharedPostgres.username(), SharedPostgres.password());
    }

    /** The first column of the query's first row, as text. */
    static String text(Statement sql, String query) throws SQLException {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
