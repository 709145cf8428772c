package dev.k6runner.gateway.query;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.k6runner.model.RunDigest;
import dev.k6runner.model.RunProgress;
import dev.k6runner.platform.kafka.EventCodec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * Reads one run as its full document: one statement of primary-key lookups (the run, its
 * result, its runner, its test's baseline), scoped to the caller's team; a queued run's position comes
 * from {@link QueuePositions}.
 */
@Repository
public class RunDocuments {

    private static final String DOCUMENT = """
            SELECT r.id, r.name, r.status, r.status_reason, r.submitted_at, r.started_at, r.finished_at,
                   r.cancel_requested_at, r.vus, r.duration, r.iterations, r.tags::text AS tags, r.timeout_seconds,
                   ARRAY(SELECT k FROM jsonb_object_keys(r.env) k ORDER BY k) AS env_keys,
                   r.runner_id, ru.host, ru.k6_version, coalesce(r.k6_exit_code, rr.k6_exit_code) AS k6_exit_code,
                   r.progress::text AS progress, rr.raw_summary, rr.console_output, rr.digest::text AS digest,
                   rr.metrics::text AS metrics, rr.thresholds::text AS thresholds, rr.analysis::text AS analysis,
                   (b.run_id IS NOT NULL AND b.run_id = r.id) AS pinned
            FROM runs r
            LEFT JOIN run_results rr ON rr.run_id = r.id
            LEFT JOIN runners ru ON ru.id = r.runner_id
            LEFT JOIN baselines b ON b.team_id = r.team_id AND b.name = r.name
            WHERE r.id = ? AND r.team_id = ?""";

    private final JdbcClient jdbc;
    private final JsonMapper mapper;
    private final EventCodec codec;
    private final QueuePositions positions;

    RunDocuments(JdbcClient jdbc, JsonMapper mapper, EventCodec codec, QueuePositions positions) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.codec = codec;
        this.positions = positions;
    }

    public Optional<RunDocument> find(String teamId, UUID id) {
        return jdbc.sql(DOCUMENT).params(id, teamId).query(this::document).optional()
                .map(doc -> "queued".equals(doc.status()) ? withQueuePosition(doc) : doc);
    }

    /** The status alone: one primary-key read, for waiting on a run. */
    public Optional<String> status(String teamId, UUID id) {
        return jdbc.sql("SELECT status FROM runs WHERE id = ? AND team_id = ?").params(id, teamId)
                .query(String.class).optional();
    }

    private RunDocument withQueuePosition(RunDocument doc) {
        long position = positions.positionOf(doc.testId(), doc.submittedAt());
        return new RunDocument(doc.testId(), doc.name(), doc.status(), doc.statusReason(), doc.submittedAt(),
                doc.startedAt(), doc.finishedAt(), position, doc.cancelRequestedAt(), doc.request(), doc.runner(),
                doc.k6ExitCode(), doc.progress(), doc.thresholds(), doc.metrics(), doc.anomalyAnalysis(),
                doc.rawSummary(), doc.consoleOutput(), doc.timeline(), doc.endpoints(), doc.loadGenerator(),
                doc.pinnedBaseline());
    }

    private RunDocument document(ResultSet rs, int row) throws SQLException {
        String status = rs.getString("status");
        RunDigest digest = rs.getString("digest") == null ? null : codec.decode(rs.getString("digest"), RunDigest.class);
        RunProgress progress = "running".equals(status) && rs.getString("progress") != null
                ? codec.decode(rs.getString("progress"), RunProgress.class) : null;
        String runnerId = rs.getString("runner_id");
        return new RunDocument(
                rs.getObject("id", UUID.class), rs.getString("name"), status, rs.getString("status_reason"),
                instant(rs, "submitted_at"), instant(rs, "started_at"), instant(rs, "finished_at"), null,
                instant(rs, "cancel_requested_at"),
                new RunDocument.Request(integer(rs, "vus"), rs.getString("duration"), integer(rs, "iterations"),
                        strings(rs.getArray("env_keys")), json(rs.getString("tags")), rs.getLong("timeout_seconds")),
                runnerId == null ? null : new RunDocument.Runner(runnerId, rs.getString("host"), rs.getString("k6_version")),
                integer(rs, "k6_exit_code"), progress,
                json(rs.getString("thresholds")), json(rs.getString("metrics")), json(rs.getString("analysis")),
                summary(rs.getString("raw_summary")), rs.getString("console_output"),
                digest == null ? null : digest.timeline(), digest == null ? null : digest.endpoints(),
                digest == null ? null : digest.loadGenerator(), rs.getBoolean("pinned"));
    }

    private JsonNode json(String text) {
        return text == null ? null : mapper.readTree(text);
    }

    /** k6's export is JSON; should a file ever be cut short, the text is still worth showing. */
    private JsonNode summary(String text) {
        if (text == null) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (RuntimeException e) {
            return StringNode.valueOf(text);
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    static Double number(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
