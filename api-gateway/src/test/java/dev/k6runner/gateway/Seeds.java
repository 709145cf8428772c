package dev.k6runner.gateway;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Rows as the runner and the analyzer would have written them. */
final class Seeds {

    private Seeds() {
    }

    static UUID run(JdbcClient jdbc, String team, String name, String status, Instant submittedAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, published_at, env, tags,
                                  queue_slot)
                VALUES (?, ?, ?, ?, 'x', 60, ?, now(), '{"SECRET":"hunter2"}', '{"env":"prod"}',
                        CASE WHEN ? = 'queued' THEN (SELECT coalesce(max(queue_slot), -1) + 1 FROM runs
                                                     WHERE team_id = ? AND status = 'queued') END)""")
                .params(id, team, name, status, Timestamp.from(submittedAt), status, team).update();
        return id;
    }

    static void summary(JdbcClient jdbc, UUID id, boolean anomalies, String severity, double avgMs, double p95Ms, double errorRate) {
        jdbc.sql("""
                UPDATE runs SET has_anomalies = ?, severity = ?, avg_response_time_ms = ?, p95_response_time_ms = ?,
                       error_rate = ?, throughput_rps = 10, total_requests = 100, vus_max = 2, duration_seconds = 10,
                       finished_at = submitted_at + interval '10 seconds'
                WHERE id = ?""").params(anomalies, severity, avgMs, p95Ms, errorRate, id).update();
    }

    static void anomaly(JdbcClient jdbc, UUID run, String team, Instant submittedAt, String type, String severity) {
        jdbc.sql("""
                INSERT INTO anomalies (run_id, team_id, submitted_at, type, severity, message, source)
                VALUES (?, ?, ?, ?, ?, 'seeded', 'rules')""")
                .params(run, team, Timestamp.from(submittedAt), type, severity).update();
    }

    static void runner(JdbcClient jdbc, String id, boolean k6, Instant heartbeat) {
        jdbc.sql("""
                INSERT INTO runners (id, host, k6_version, k6_available, confinement, capacity, busy, last_heartbeat)
                VALUES (?, 'host-' || ?, 'v0.49.0', ?, 'none: test', 2, 1, ?)
                ON CONFLICT (id) DO UPDATE SET last_heartbeat = excluded.last_heartbeat, k6_available = excluded.k6_available""")
                .params(id, id, k6, Timestamp.from(heartbeat)).update();
    }
}
