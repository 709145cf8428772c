package dev.k6runner.schema;

import static dev.k6runner.schema.MigratedDatabase.connect;
import static dev.k6runner.schema.MigratedDatabase.flyway;
import static dev.k6runner.schema.MigratedDatabase.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import dev.k6runner.testsupport.SharedPostgres;

/** V15: the old quota becomes the running limit, queued runs hold backlog slots, and the queue clock moves once per change. */
class FairQueueMigrationTest {

    @Test
    void existingTeamsKeepTheirQuotaAsRunningLimitAndQueuedRunsGetBacklogSlots() throws Exception {
        String url = SharedPostgres.freshDatabase();
        flyway(url, "14").migrate();
        try (Connection db = connect(url); Statement sql = db.createStatement()) {
            sql.execute("INSERT INTO teams (id, name, max_active_runs) VALUES ('small', 'small', 3), ('big', 'big', 5000)");
            sql.execute("""
                    INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, quota_slot)
                    SELECT gen_random_uuid(), 'small', 'r', s, 'x', 60, now() - make_interval(secs => n), n
                    FROM (VALUES ('queued', 1), ('running', 2), ('queued', 3)) AS live(s, n)""");
        }
        flyway(url, null).migrate();
        try (Connection db = connect(url); Statement sql = db.createStatement()) {
            assertThat(text(sql, "SELECT max_running_runs || '/' || max_queued_runs FROM teams WHERE id = 'small'")).isEqualTo("3/1000");
            assertThat(text(sql, "SELECT max_running_runs || '/' || max_queued_runs FROM teams WHERE id = 'big'")).isEqualTo("5000/5000");
            assertThat(text(sql, "SELECT coalesce(max_running_runs::text, 'unlimited') FROM teams WHERE id = 'default'")).isEqualTo("unlimited");
            assertThat(text(sql, "SELECT string_agg(queue_slot::text, ',' ORDER BY queue_slot) FROM runs WHERE status = 'queued'")).isEqualTo("0,1");
            assertThat(text(sql, "SELECT count(*) FROM runs WHERE status = 'running' AND queue_slot IS NOT NULL")).isEqualTo("0");
        }
    }

    @Test
    void theQueueClockMovesByExactlyOneForEachChangeOfTheQueueAndNotOtherwise() throws Exception {
        String url = SharedPostgres.freshDatabase();
        flyway(url, null).migrate();
        try (Connection db = connect(url); Statement sql = db.createStatement()) {
            for (int i = 0; i < 40; i++) {
                sql.execute("INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, queue_slot) "
                        + "VALUES (gen_random_uuid(), 'default', 'r', 'queued', 'x', 60, now(), " + i + ")");
            }
            assertThat(clock(sql)).as("one tick per insert, whatever stripe each drew").isEqualTo(40);
            sql.execute("UPDATE runs SET status = 'running' WHERE queue_slot < 10");
            sql.execute("UPDATE runs SET published_at = now()");
            sql.execute("UPDATE runs SET status = 'analyzing' WHERE status = 'running'");
            sql.execute("UPDATE runs SET status = 'completed' WHERE status = 'analyzing'");
            assertThat(clock(sql)).as("10 claims and 10 ends; publishing and later moves do not count").isEqualTo(60);
            sql.execute("UPDATE teams SET weight = 2 WHERE id = 'default'");
            sql.execute("UPDATE teams SET name = 'renamed' WHERE id = 'default'");
            assertThat(clock(sql)).isEqualTo(61);
            assertThatThrownBy(() -> sql.execute("INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at) "
                    + "VALUES (gen_random_uuid(), 'default', 'r', 'queued', 'x', 60, now())"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("runs_queued_hold_a_slot");
        }
    }

    private static long clock(Statement sql) throws SQLException {
        return Long.parseLong(text(sql, "SELECT sum(ticks) FROM queue_clock"));
    }
}
