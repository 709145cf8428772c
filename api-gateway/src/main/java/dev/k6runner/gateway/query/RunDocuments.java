package dev.k6runner.gateway.query;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.k6runner.model.RunDigest;
import dev.k6runner.model.RunProgress;
import dev.k6runner.model.RunStatus;
import dev.k6runner.platform.kafka.EventCodec;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one run as its full document, scoped to the caller's team. A live run (queued, running) is one
 * primary-key read of {@code runs} and its runner; only a run past {@code running} also reads its results
 * ({@link RunResults}), so the many polls of a run in progress touch no results table. A queued run's
 * position comes from {@link QueuePositions}, for the queue clock read with its row.
 */
@Repository
public class RunDocuments {

    private static final String RUN = """
            SELECT r.id, r.name, r.status, r.status_reason, r.submitted_at, r.started_at, r.finished_at,
                   r.cancel_requested_at, r.vus, r.duration, r.iterations, r.tags::text AS tags, r.timeout_seconds,
                   ARRAY(SELECT k FROM jsonb_object_keys(r.env) k ORDER BY k) AS env_keys,
                   r.runner_id, ru.host, ru.k6_version, r.k6_exit_code, r.progress::text AS progress, r.runners,
                   r.bundle_sha256, b.kind AS bundle_kind, b.bytes AS bundle_bytes, b.files AS bundle_files,
            """ + QueuePositions.CLOCK + """

            FROM runs r
            LEFT JOIN runners ru ON ru.id = r.runner_id
            LEFT JOIN bundles b ON b.sha256 = r.bundle_sha256
            WHERE r.id = ? AND r.team_id = ?""";

    /** The runs row and its runner, before results and queue position are added. */
    private record Run(UUID id, String name, RunStatus status, String statusReason, Instant submittedAt,
                       Instant startedAt, Instant finishedAt, Instant cancelRequestedAt, RunDocument.Request request,
                       RunDocument.Runner runner, Integer k6ExitCode, RunProgress progress, Long queueClock) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper mapper;
    private final EventCodec codec;
    private final QueuePositions positions;
    private final RunResults results;
    private final RunSegments segments;

    RunDocuments(JdbcClient jdbc, JsonMapper mapper, EventCodec codec, QueuePositions positions, RunResults results,
                 RunSegments segments) {
        this.segments = segments;
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.codec = codec;
        this.positions = positions;
        this.results = results;
    }

    public Optional<RunDocument> find(String teamId, UUID id) {
        Optional<Run> run = read(teamId, id);
        if (run.isPresent() && run.get().status() == RunStatus.QUEUED) {
            OptionalLong position = positions.positionOf(id, run.get().queueClock());
            if (position.isEmpty()) {
                // it left the queue between its read and the queue's: read it again, as it is now
                run = read(teamId, id);
                position = run.filter(again -> again.status() == RunStatus.QUEUED)
                        .map(again -> positions.positionOf(id, again.queueClock())).orElse(OptionalLong.empty());
            }
            Long queuePosition = position.isPresent() ? position.getAsLong() : null;
            return run.map(current -> document(teamId, current, queuePosition));
        }
        return run.map(current -> document(teamId, current, null));
    }

    private Optional<Run> read(String teamId, UUID id) {
        return jdbc.sql(RUN).params(id, teamId).query(this::run).optional();
    }

    /** The status alone: one primary-key read, for waiting on a run. */
    public Optional<RunStatus> status(String teamId, UUID id) {
        return jdbc.sql("SELECT status FROM runs WHERE id = ? AND team_id = ?").params(id, teamId)
                .query(String.class).optional().map(RunStatus::fromWire);
    }

    private RunDocument document(String teamId, Run run, Long position) {
        RunResults.Results done = run.status().isActive() ? RunResults.Results.NONE : results.of(teamId, run.name(), run.id());
        RunDigest digest = done.digest();
        return new RunDocument(run.id(), run.name(), run.status().wireName(), run.statusReason(), run.submittedAt(),
                run.startedAt(), run.finishedAt(), position, run.cancelRequestedAt(), run.request(), run.runner(),
                run.k6ExitCode() != null ? run.k6ExitCode() : done.k6ExitCode(), run.progress(), done.thresholds(),
                done.metrics(), done.analysis(), done.rawSummary(), done.consoleOutput(),
                digest == null ? null : digest.timeline(), digest == null ? null : digest.endpoints(),
                digest == null ? null : digest.loadGenerator(), done.pinned(),
                run.request().runners() > 1 ? segments.of(run.id()) : null,
                run.request().runners() > 1 ? RunSegments.NOTES : null);
    }

    private Run run(ResultSet rs, int row) throws SQLException {
        RunStatus status = RunStatus.fromWire(rs.getString("status"));
        RunProgress progress = status == RunStatus.RUNNING && rs.getString("progress") != null
                ? codec.decode(rs.getString("progress"), RunProgress.class) : null;
        String runnerId = rs.getString("runner_id");
        String tags = rs.getString("tags");
        return new Run(rs.getObject("id", UUID.class), rs.getString("name"), status, rs.getString("status_reason"),
                instant(rs, "submitted_at"), instant(rs, "started_at"), instant(rs, "finished_at"),
                instant(rs, "cancel_requested_at"),
                new RunDocument.Request(integer(rs, "vus"), rs.getString("duration"), integer(rs, "iterations"),
                        strings(rs.getArray("env_keys")), tags == null ? null : mapper.readTree(tags), rs.getLong("timeout_seconds"),
                        rs.getInt("runners"),
                        bundleFiles(rs), bundleArchive(rs)),
                runnerId == null ? null : new RunDocument.Runner(runnerId, rs.getString("host"), rs.getString("k6_version")),
                integer(rs, "k6_exit_code"), progress, rs.getObject("queue_clock", Long.class));
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

    /** The file names of a run's files map, from the {@code bundle_*} columns both RUN and history select. */
    static List<String> bundleFiles(ResultSet rs) throws SQLException {
        return "files".equals(rs.getString("bundle_kind")) ? strings(rs.getArray("bundle_files")) : null;
    }

    /** The size and hash of a run's k6 archive, from the same columns. */
    static RunDocument.Archive bundleArchive(ResultSet rs) throws SQLException {
        return "archive".equals(rs.getString("bundle_kind"))
                ? new RunDocument.Archive(rs.getLong("bundle_bytes"), rs.getString("bundle_sha256")) : null;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
