package dev.k6runner.bench.intake;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Grows {@code runs} to a given size the way a busy installation fills it, in one
 * {@code INSERT … SELECT generate_series}: 20 teams, 90 days, 200 test names per team, the status mix of
 * ended runs (90 % completed, 5 % failed, 3 % cancelled, 1 % timed out, 1 % interrupted), analysis figures
 * and anomalies on the completed ones, two tags each. No {@code ANALYZE} follows: the plans are whatever
 * autovacuum's statistics (or none) give, as on a real install.
 */
public final class StoredRuns {

    static final int TEAMS = 20;

    private StoredRuns() {
    }

    public static long count(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery("SELECT count(*) FROM runs")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Adds ended runs until {@code runs} holds {@code total}; returns how many milliseconds that took. */
    public static long growTo(Connection connection, long total) throws SQLException {
        long began = System.nanoTime();
        long missing = total - count(connection);
        if (missing <= 0) {
            return 0;
        }
        try (Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO teams (id, name) SELECT 'team-' || t, 'team ' || t FROM generate_series(1, " + TEAMS
                    + ") t ON CONFLICT (id) DO NOTHING");
            sql.execute("""
                    INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, started_at,
                                      finished_at, published_at, publish_attempts, tags, env, has_anomalies, severity,
                                      avg_response_time_ms, p95_response_time_ms, error_rate, throughput_rps,
                                      total_requests, vus_max, duration_seconds, k6_exit_code)
                    SELECT gen_random_uuid(), 'team-' || (1 + i %% %d), 'test-' || (i %% 200), s.status,
                           'export default function () {}', 900,
                           now() - interval '10 minutes' - (i * interval '7.776 seconds') * (1000000.0 / %d),
                           now() - interval '10 minutes' - (i * interval '7.776 seconds') * (1000000.0 / %d) + interval '2 seconds',
                           now() - interval '10 minutes' - (i * interval '7.776 seconds') * (1000000.0 / %d) + interval '40 seconds',
                           now() - interval '10 minutes' - (i * interval '7.776 seconds') * (1000000.0 / %d), 1,
                           jsonb_build_object('env', (ARRAY['prod','staging','dev'])[1 + i %% 3], 'squad', 'squad-' || (i %% 10)),
                           '{"TOKEN":null}',
                           CASE WHEN s.analysed THEN i %% 7 = 0 END,
                           CASE WHEN NOT s.analysed THEN NULL WHEN i %% 7 <> 0 THEN 'none'
                                ELSE (ARRAY['low','medium','high','critical'])[1 + i %% 4] END,
                           CASE WHEN s.analysed THEN 50 + (i %% 500) END, CASE WHEN s.analysed THEN 100 + (i %% 3000) END,
                           CASE WHEN s.analysed THEN (i %% 200) / 10.0 END, CASE WHEN s.analysed THEN 20 + i %% 80 END,
                           CASE WHEN s.analysed THEN 1000 + i %% 5000 END, 1 + i %% 50, 30,
                           CASE WHEN s.status IN ('completed', 'failed') THEN 0 END
                    FROM generate_series(1, %d) i,
                         LATERAL (SELECT CASE WHEN i %% 100 < 90 THEN 'completed' WHEN i %% 100 < 95 THEN 'failed'
                                              WHEN i %% 100 < 98 THEN 'cancelled' WHEN i %% 100 < 99 THEN 'timed_out'
                                              ELSE 'interrupted' END AS status, i %% 100 < 95 AS analysed) s"""
                    .formatted(TEAMS, missing, missing, missing, missing, missing));
        }
        return (System.nanoTime() - began) / 1_000_000;
    }
}
