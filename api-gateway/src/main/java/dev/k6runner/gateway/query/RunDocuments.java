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
import org.springframework.stereotype.Component;

import dev.k6runner.model.RunDigest;
import dev.k6runner.model.RunProgress;
import dev.k6runner.model.RunStatus;
import dev.k6runner.platform.kafka.EventCodec;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one run as its full document, scoped to the caller's team. A live run (queued, running) is one
 * primary-key read of {@code runs}, its runner and bundle coming from {@link RunLinks}; only a run past
 * {@code running} also reads its results ({@link RunResults}), so the many polls of a run in progress touch no
 * results table. A queued run's position comes from {@link QueuePositions}, for the queue clock read with its row.
 */
@Component
public class RunDocuments {

    /*
     * The run's row alone (plus the queue clock for a queued run): every subquery or join here costs Postgres
     * about as much as the row's read, so the env's keys come as one function's JSON array and the runner and
     * bundle from RunLinks (docs/gateway.md, "Session 10: the poll's statement").
     */
    private static final String RUN = """
            SELECT r.id, r.name, r.status, r.status_reason, r.submitted_at, r.started_at, r.finished_at,
                   r.cancel_requested_at, r.vus, r.duration, r.iterations, r.tags::text AS tags, r.timeout_seconds,
                   jsonb_path_query_array(r.env, '$.keyvalue().key')::text AS env_keys,
                   r.runner_id, r.k6_exit_code, r.progress::text AS progress, r.runners, r.bundle_sha256,
            """ + QueuePositions.CLOCK + """

            FROM runs r
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
    private final RunLinks links;

    RunDocuments(JdbcClient jdbc, JsonMapper mapper, EventCodec codec, QueuePositions positions, RunResults results,
                 RunSegments segments, RunLinks links) {
        this.segments = segments;
        this.links = links;
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
        boolean split = run.request().runners() > 1;
        List<RunDocument.Segment> parts = split ? segments.of(run.id(), run.status() == RunStatus.RUNNING) : null;
        return new RunDocument(run.id(), run.name(), run.status().wireName(), run.statusReason(), run.submittedAt(),
                run.startedAt(), run.finishedAt(), position, run.cancelRequestedAt(), run.request(), run.runner(),
                run.k6ExitCode() != null ? run.k6ExitCode() : done.k6ExitCode(),
                split ? RunSegments.total(parts) : run.progress(), done.thresholds(),
                done.metrics(), done.analysis(), done.rawSummary(), done.consoleOutput(),
                digest == null ? null : digest.timeline(), digest == null ? null : digest.endpoints(),
                digest == null ? null : digest.loadGenerator(), done.pinned(),
                parts, split ? RunSegments.NOTES : null);
    }

    private Run run(ResultSet rs, int row) throws SQLException {
        RunStatus status = RunStatus.fromWire(rs.getString("status"));
        RunProgress progress = status == RunStatus.RUNNING && rs.getString("progress") != null
                ? codec.decode(rs.getString("progress"), RunProgress.class) : null;
        String tags = rs.getString("tags");
        RunLinks.Bundle bundle = links.bundle(rs.getString("bundle_sha256"));
        return new Run(rs.getObject("id", UUID.class), rs.getString("name"), status, rs.getString("status_reason"),
                instant(rs, "submitted_at"), instant(rs, "started_at"), instant(rs, "finished_at"),
                instant(rs, "cancel_requested_at"),
                new RunDocument.Request(integer(rs, "vus"), rs.getString("duration"), integer(rs, "iterations"),
                        envKeys(rs.getString("env_keys")), tags == null ? null : mapper.readTree(tags),
                        rs.getLong("timeout_seconds"), rs.getInt("runners"), bundle.files(), bundle.archive()),
                links.runner(rs.getString("runner_id")),
                integer(rs, "k6_exit_code"), progress, rs.getObject("queue_clock", Long.class));
    }

    /** The env's keys in order, from the JSON array of them that the statement reads. */
    private List<String> envKeys(String json) {
        return json == null ? List.of() : Arrays.stream(mapper.readValue(json, String[].class)).sorted().toList();
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

    /** The file names of a run's files map, from the {@code bundle_*} columns the history and {@link RunLinks} select. */
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
