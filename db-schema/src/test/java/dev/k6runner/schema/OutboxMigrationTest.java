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
 * V25: an unpublished run is always a queued one, whoever writes the row, and no index of runs reads
 * {@code published_at}, so the relay's mark can be heap-only.
 */
class OutboxMigrationTest {

    private static final String UNPUBLISHED = "SELECT string_agg(name, ',' ORDER BY name) FROM runs WHERE published_at IS NULL";

    @Test
    void runsThatLeftTheQueueUnpublishedAreSettledByTheMigration() throws Exception {
        String url = SharedPostgres.freshDatabase();
        flyway(url, "24").migrate();
        try (Connection db = connect(url); Statement sql = db.createStatement()) {
            sql.execute("""
                    INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, queue_slot, published_at)
                    SELECT gen_random_uuid(), 'default', name, status, 'x', 60, now(), slot, published
                    FROM (VALUES ('waiting', 'queued', 0, NULL::timestamptz), ('cancelled-early', 'cancelled', NULL, NULL),
                                 ('claimed-early', 'running', NULL, NULL), ('sent', 'completed', NULL, now())) AS r(name, status, slot, published)""");
        }
        flyway(url, null).migrate();
        try (Connection db = connect(url); Statement sql = db.createStatement()) {
            assertThat(text(sql, UNPUBLISHED)).isEqualTo("waiting");
            assertThat(text(sql, "SELECT count(*) FROM pg_indexes WHERE tablename = 'runs' AND indexdef LIKE '%published_at%'"))
                    .isEqualTo("0");
        }
    }

    @Test
    void everyWriterThatTakesARunOutOfTheQueueSettlesItsOutboxEntry() throws Exception {
        String url = SharedPostgres.freshDatabase();
        flyway(url, null).migrate();
        try (Connection db = connect(url); Statement sql = db.createStatement()) {
            sql.execute("""
                    INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, queue_slot)
                    SELECT gen_random_uuid(), 'default', name, status, 'x', 60, now(), slot
                    FROM (VALUES ('to-cancel', 'queued', 0), ('to-claim', 'queued', 1), ('stays', 'queued', 2),
                                 ('written-ended', 'failed', NULL)) AS r(name, status, slot)""");
            assertThat(text(sql, UNPUBLISHED)).as("an insert of an ended run by a tool").isEqualTo("stays,to-cancel,to-claim");

            sql.execute("UPDATE runs SET status = 'cancelled', queue_slot = NULL WHERE name = 'to-cancel'");
            sql.execute("UPDATE runs SET status = 'running', queue_slot = NULL, started_at = now() WHERE name = 'to-claim'");
            sql.execute("UPDATE runs SET published_at = NULL WHERE name IN ('to-cancel', 'written-ended')");

            assertThat(text(sql, UNPUBLISHED)).isEqualTo("stays");
        }
    }

    @Test
    void theRelaysMarkIsHeapOnly() throws Exception {
        String url = SharedPostgres.freshDatabase();
        flyway(url, null).migrate();
        try (Connection db = connect(url); Statement sql = db.createStatement()) {
            db.setAutoCommit(false);
            for (int slot = 0; slot < 20; slot++) {
                sql.execute("INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, queue_slot) "
                        + "VALUES (gen_random_uuid(), 'default', 'r', 'queued', 'x', 60, now(), " + slot + ")");
                sql.execute("UPDATE runs SET published_at = now(), publish_attempts = publish_attempts + 1 "
                        + "WHERE queue_slot = " + slot + " AND published_at IS NULL");
            }
            assertThat(text(sql, "SELECT pg_stat_get_xact_tuples_updated('runs'::regclass) || '/' "
                    + "|| pg_stat_get_xact_tuples_hot_updated('runs'::regclass)")).isEqualTo("20/20");
            db.rollback();
        }
    }
}
