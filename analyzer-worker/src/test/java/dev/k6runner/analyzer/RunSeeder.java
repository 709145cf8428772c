package dev.k6runner.analyzer;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.k6runner.model.RunDigest;
import dev.k6runner.model.RunFinished;
import dev.k6runner.model.RunStatus;
import dev.k6runner.platform.kafka.EventCodec;

/** Seeds runs and run_results as the gateway and the runner would have left them. */
public final class RunSeeder {

    private final JdbcClient jdbc;
    private final EventCodec codec;

    public RunSeeder(JdbcClient jdbc, EventCodec codec) {
        this.jdbc = jdbc;
        this.codec = codec;
    }

    /** A run the runner moved to analyzing after storing its result; returns the RunFinished it published. */
    public RunFinished analyzing(String name, RunStatus outcome, Integer exitCode, String reason, String summary,
                                 String console, RunDigest digest, Instant storedAt) {
        UUID runId = UUID.randomUUID();
        UUID attemptId = UUID.randomUUID();
        Instant submitted = storedAt.minusSeconds(60);
        jdbc.sql("""
                        INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, started_at,
                                          published_at, runner_id, attempt_id, k6_exit_code)
                        VALUES (?, 'default', ?, 'analyzing', 'export default function () {}', 600, ?, ?, ?, 'runner-1', ?, ?)""")
                .param(runId).param(name).param(Timestamp.from(submitted)).param(Timestamp.from(submitted.plusSeconds(1)))
                .param(Timestamp.from(submitted)).param(attemptId).param(exitCode).update();
        jdbc.sql("""
                        INSERT INTO run_results (run_id, attempt_id, runner_id, outcome, outcome_reason, k6_exit_code,
                                                 raw_summary, console_output, digest, stored_at)
                        VALUES (?, ?, 'runner-1', ?, ?, ?, ?, ?, ?::jsonb, ?)""")
                .param(runId).param(attemptId).param(outcome.wireName()).param(reason).param(exitCode).param(summary)
                .param(console).param(digest == null ? null : codec.encode(digest)).param(Timestamp.from(storedAt)).update();
        return new RunFinished(runId, attemptId, "runner-1", outcome, reason, exitCode, summary, console, digest,
                submitted.plusSeconds(1), storedAt);
    }

    /** An earlier completed run of a test, as the analyzer left it: only its summary columns matter here. */
    public UUID completed(String name, double p95, double avg, Instant submitted) {
        UUID runId = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, finished_at,
                                          has_anomalies, severity, avg_response_time_ms, p95_response_time_ms, error_rate,
                                          throughput_rps, total_requests, vus_max, duration_seconds)
                        VALUES (?, 'default', ?, 'completed', 'x', 600, ?, ?, false, 'none', ?, ?, 0, 28, 87, 10, 3)""")
                .param(runId).param(name).param(Timestamp.from(submitted)).param(Timestamp.from(submitted.plusSeconds(5)))
                .param(avg).param(p95).update();
        return runId;
    }
}
