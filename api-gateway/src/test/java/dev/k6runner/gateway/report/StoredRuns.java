package dev.k6runner.gateway.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs stored as the runner and the analyzer store them, for pages to be drawn from. The results come from
 * src/test/resources/report: real k6 v0.49 recordings folded by the runner's MetricStreamFolder and analysed by the
 * analyzer's RunAnalyzer (README there says how), so the pages show what a real run shows.
 */
public final class StoredRuns {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public StoredRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored result of src/test/resources/report, parsed: digest, metrics, thresholds, analysis, raw summary. */
    public static ObjectNode fixture(String name) {
        try (InputStream in = StoredRuns.class.getResourceAsStream("/report/" + name + ".json")) {
            return (ObjectNode) JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A run row of the team, as intake and a runner leave it; {@code status} as given. */
    public UUID run(String team, String name, String status, Instant startedAt, String runnerId) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, published_at, started_at,
                                  env, tags, vus, duration, runner_id)
                VALUES (?, ?, ?, ?, 'export default function () {}', 900, ?, ?, ?, '{"BASE_URL":"http://shop"}',
                        '{"team":"payments"}', 24, '2m', ?)""")
                .params(id, team, name, status, Timestamp.from(startedAt.minusSeconds(2)), Timestamp.from(startedAt.minusSeconds(2)),
                        Timestamp.from(startedAt), runnerId).update();
        return id;
    }

    public void runner(String id) {
        jdbc.sql("""
                INSERT INTO runners (id, host, k6_version, k6_available, confinement, capacity, busy, last_heartbeat)
                VALUES (?, ?, 'v0.49.0', true, 'none: test', 2, 0, now()) ON CONFLICT (id) DO NOTHING""")
                .params(id, id + ".internal").update();
    }

    /** The run ended: its results row as the runner and the analyzer write it, and the run's summary columns. */
    public void finish(UUID id, String runnerId, String outcome, JsonNode result, Instant finishedAt) {
        jdbc.sql("""
                INSERT INTO run_results (run_id, attempt_id, runner_id, outcome, k6_exit_code, raw_summary, console_output,
                                         digest, metrics, thresholds, analysis)
                VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb))""")
                .params(id, UUID.randomUUID(), runnerId, outcome, number(result, "k6_exit_code"), text(result, "raw_summary"),
                        result.path("console_output").asString(null), text(result, "digest"), text(result, "metrics"),
                        text(result, "thresholds"), text(result, "analysis"))
                .update();
        jdbc.sql("""
                UPDATE runs SET status = ?, finished_at = ?, k6_exit_code = ?, has_anomalies = ?, severity = ?
                WHERE id = ?""")
                .params(outcome, Timestamp.from(finishedAt), number(result, "k6_exit_code"),
                        result.path("analysis").path("has_anomalies").asBoolean(false),
                        result.path("analysis").path("severity").asString(null), id).update();
    }

    /** A failed run: k6 never produced metrics, only a reason and what it logged. */
    public void fail(UUID id, String reason, String console, int exitCode) {
        jdbc.sql("UPDATE runs SET status = 'failed', status_reason = ?, finished_at = now(), k6_exit_code = ? WHERE id = ?")
                .params(reason, exitCode, id).update();
        jdbc.sql("""
                INSERT INTO run_results (run_id, attempt_id, runner_id, outcome, k6_exit_code, console_output)
                VALUES (?, ?, (SELECT runner_id FROM runs WHERE id = ?), 'failed', ?, ?)""")
                .params(id, UUID.randomUUID(), id, exitCode, console).update();
    }

    public void progress(UUID id, double elapsedSeconds, long requests, long failed, int vus) {
        jdbc.sql("UPDATE runs SET progress = CAST(? AS jsonb) WHERE id = ?").params(
                "{\"elapsedSeconds\":%s,\"requests\":%d,\"failedRequests\":%d,\"vus\":%d,\"updatedAt\":\"%s\"}"
                        .formatted(elapsedSeconds, requests, failed, vus, Instant.now()), id).update();
    }

    private static String text(JsonNode result, String member) {
        JsonNode value = result.path(member);
        return value.isMissingNode() || value.isNull() ? null : value.toString();
    }

    private static Integer number(JsonNode result, String member) {
        return result.path(member).isNumber() ? result.path(member).asInt() : null;
    }
}
