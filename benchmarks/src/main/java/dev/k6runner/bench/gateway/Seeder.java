package dev.k6runner.bench.gateway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fills {@code runs} of team {@code default} with finished runs over 90 days in one generate_series insert, and
 * adds {@value #RUNNING} runs in progress on one runner, as pollers see them while they wait: a runner, live
 * progress and a lease far ahead (the reaper leaves them alone). Running runs hold no backlog slot.
 */
final class Seeder {

    static final int RUNNING = 1000;

    private Seeder() {
    }

    static long seed(String url, int runs) throws SQLException {
        long began = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             Statement sql = connection.createStatement()) {
            sql.execute("UPDATE teams SET max_queued_runs = 1000000 WHERE id = 'default'");
            sql.execute("""
                    INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, started_at,
                                      finished_at, published_at, tags, env, has_anomalies, severity,
                                      avg_response_time_ms, p95_response_time_ms, error_rate, throughput_rps,
                                      total_requests, vus_max, duration_seconds, k6_exit_code)
                    SELECT gen_random_uuid(), 'default', 'test-' || (i % 200),
                           CASE WHEN i % 20 = 0 THEN 'failed' ELSE 'completed' END,
                           'export default function () {}', 900,
                           now() - (i * interval '7.776 seconds'), now() - (i * interval '7.776 seconds'),
                           now() - (i * interval '7.776 seconds') + interval '30 seconds',
                           now() - (i * interval '7.776 seconds'),
                           jsonb_build_object('env', (ARRAY['prod','staging','dev'])[1 + i % 3], 'squad', 'squad-' || (i % 10)),
                           '{"TOKEN":"x"}', i % 7 = 0,
                           CASE WHEN i % 7 <> 0 THEN 'none' ELSE (ARRAY['low','medium','high','critical'])[1 + i % 4] END,
                           50 + (i % 500), 100 + (i % 3000), (i % 200) / 10.0, 20 + i % 80, 1000 + i % 5000, 1 + i % 50,
                           30, 0
                    FROM generate_series(1,""" + runs + ") i");
            seedRunning(sql);
            sql.execute("VACUUM ANALYZE");
        }
        return (System.nanoTime() - began) / 1_000_000;
    }

    private static void seedRunning(Statement sql) throws SQLException {
        sql.execute("INSERT INTO runners (id, host, k6_version, k6_available, confinement, capacity, busy)"
                + " VALUES ('bench-runner', 'bench-host', 'v0.49.0', true, 'none: benchmark', 1000, 1000)");
        sql.execute("""
                INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, started_at, published_at,
                                  tags, env, runner_id, attempt_id, lease_expires_at, progress)
                SELECT gen_random_uuid(), 'default', 'live-' || (i % 50), 'running', 'export default function () {}', 900,
                       now() - interval '1 minute', now() - interval '50 seconds', now() - interval '1 minute',
                       jsonb_build_object('env', 'staging'), '{"TOKEN":"x"}', 'bench-runner', gen_random_uuid(),
                       now() + interval '1 day',
                       jsonb_build_object('elapsedSeconds', 50, 'requests', 12000 + i, 'failedRequests', i % 7, 'vus', 10,
                                          'updatedAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                FROM generate_series(1,""" + RUNNING + ") i");
    }
}
