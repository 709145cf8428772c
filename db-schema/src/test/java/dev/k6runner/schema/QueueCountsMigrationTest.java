package dev.k6runner.schema;

import static dev.k6runner.schema.MigratedDatabase.connect;
import static dev.k6runner.schema.MigratedDatabase.flyway;
import static dev.k6runner.schema.MigratedDatabase.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import dev.k6runner.testsupport.SharedPostgres;

/**
 * V21: each team's queued and running runs are counted from the migration on, in the transaction of every change;
 * V24: a running test on N runners counts N.
 */
class QueueCountsMigrationTest {

    private static final String COUNTS = """
            SELECT string_agg(team_id || '=' || queued || '/' || running, ',' ORDER BY team_id)
            FROM (SELECT team_id, sum(queued) AS queued, sum(running) AS running FROM queue_counts GROUP BY team_id) t""";

    @Test
    void existingRunsAreCountedAndTheCountsFollowEveryChangeAtCommit() throws Exception {
        String url = migratedAfter("17", "INSERT INTO teams (id, name) VALUES ('a', 'a'), ('b', 'b')", """
                INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, queue_slot)
                SELECT gen_random_uuid(), team, 'r', status, 'x', 60, now(), CASE WHEN status = 'queued' THEN n END
                FROM (VALUES ('a', 'queued', 0), ('a', 'queued', 1), ('a', 'running', 2), ('b', 'running', 3),
                             ('b', 'completed', 4)) AS live(team, status, n)""");
        try (Connection db = connect(url); Statement sql = db.createStatement()) {
            assertThat(text(sql, COUNTS)).isEqualTo("a=2/1,b=0/1");
            db.setAutoCommit(false);
            sql.execute("UPDATE runs SET status = 'running' WHERE team_id = 'a' AND queue_slot = 0");
            sql.execute("INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, queue_slot) "
                    + "VALUES (gen_random_uuid(), 'b', 'r', 'queued', 'x', 60, now(), 0)");
            assertThat(text(sql, COUNTS)).as("counted at commit").isEqualTo("a=2/1,b=0/1");
            db.commit();
            assertThat(text(sql, COUNTS)).isEqualTo("a=1/2,b=1/1");
            sql.execute("DELETE FROM runs WHERE status = 'running' AND team_id = 'b'");
            sql.execute("UPDATE runs SET status = 'cancelled' WHERE status = 'queued'");
            db.commit();
            assertThat(text(sql, COUNTS)).isEqualTo("a=0/2,b=0/0");
        }
    }

    @Test
    void aRunningTestOnSeveralRunnersIsCountedAsTheRunnerSlotsItHolds() throws Exception {
        String url = migratedAfter("21", "INSERT INTO teams (id, name) VALUES ('a', 'a')", """
                INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, queue_slot, runners)
                SELECT gen_random_uuid(), 'a', name, status, 'x', 60, now(), CASE WHEN status = 'queued' THEN 0 END, runners
                FROM (VALUES ('wide', 'running', 3), ('single', 'running', 1), ('next', 'queued', 2)) AS live(name, status, runners)""");
        try (Connection db = connect(url); Statement sql = db.createStatement()) {
            assertThat(text(sql, COUNTS)).as("counted by the migration: 3 + 1 slots").isEqualTo("a=1/4");
            sql.execute("UPDATE runs SET status = 'running', queue_slot = NULL WHERE name = 'next'");
            assertThat(text(sql, COUNTS)).isEqualTo("a=0/6");
            sql.execute("UPDATE runs SET status = 'analyzing' WHERE name = 'wide'");
            assertThat(text(sql, COUNTS)).isEqualTo("a=0/3");
            sql.execute("DELETE FROM runs WHERE name = 'next'");
            assertThat(text(sql, COUNTS)).isEqualTo("a=0/1");
        }
    }

    /** A fresh database migrated up to {@code target}, the statements run there, then migrated to the latest version. */
    private static String migratedAfter(String target, String... statements) throws SQLException {
        String url = SharedPostgres.freshDatabase();
        flyway(url, target).migrate();
        try (Connection db = connect(url); Statement sql = db.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        }
        flyway(url, null).migrate();
        return url;
    }
}
