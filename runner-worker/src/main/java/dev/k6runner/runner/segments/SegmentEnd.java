package dev.k6runner.runner.segments;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.k6runner.model.RunFinished;
import dev.k6runner.model.RunStatus;
import dev.k6runner.model.RunTransition;
import dev.k6runner.model.Segment;

/**
 * The end of a test on several runners, when its last live segment ends: {@code running → analyzing}, with the
 * outcome of the segment that broke it (the first to end badly by itself), or completed when none did. The metrics
 * are merged by the analyzer from every segment's stored result; {@code run_results} gets the verdict and the
 * consoles now, and the merged summary and digest from the analyzer.
 */
final class SegmentEnd {

    private record Ended(int index, String segment, String sequence, String runnerId, RunStatus outcome, Integer exitCode,
                         boolean brokeTest, String reason, String console, Instant finishedAt) {
    }

    private final JdbcClient jdbc;

    SegmentEnd(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Call in the transaction that ended a segment. @return the test's end, or empty while a segment is live */
    Optional<RunFinished> ifLast(UUID runId, String runnerId) {
        // the run's row serialises the decision: of two last segments ending at once, the second sees the first
        Optional<UUID> attempt = jdbc.sql("SELECT attempt_id FROM runs WHERE id = ? AND status = 'running' FOR UPDATE")
                .param(runId).query(UUID.class).optional();
        boolean live = jdbc.sql("SELECT EXISTS (SELECT 1 FROM run_segments WHERE run_id = ? AND state IN ('assigned', 'running'))")
                .param(runId).query(Boolean.class).single();
        if (attempt.isEmpty() || live) {
            return Optional.empty();
        }
        List<Ended> segments = ended(runId);
        Optional<Ended> cause = segments.stream().filter(Ended::brokeTest)
                .min(Comparator.comparing(Ended::finishedAt).thenComparing(Ended::index));
        RunStatus outcome = cause.map(Ended::outcome).orElse(RunStatus.COMPLETED);
        Integer exit = cause.map(Ended::exitCode).orElseGet(() -> segments.stream().map(Ended::exitCode)
                .filter(code -> code != null).max(Integer::compare).orElse(null));
        String reason = cause.map(c -> "segment " + c.index() + " (" + c.segment() + ") on runner " + c.runnerId() + ": "
                + (c.reason() == null ? c.outcome().wireName() : c.reason())).orElse(null);
        String console = segments.stream().map(s -> "--- segment " + s.index() + " (" + s.segment() + ") on " + s.runnerId()
                + " ---\n" + (s.console() == null ? "" : s.console())).collect(Collectors.joining("\n"));
        Instant now = Instant.now();
        int moved = jdbc.sql(RunTransition.PUBLISH.render("""
                        UPDATE runs SET status = {to}, status_reason = :reason, k6_exit_code = :exit,
                               finished_at = :finished, lease_expires_at = NULL
                        WHERE id = :id AND attempt_id = :attempt AND status = {from}"""))
                .param("reason", reason).param("exit", exit).param("finished", Timestamp.from(now))
                .param("id", runId).param("attempt", attempt.get()).update();
        if (moved == 0) {
            return Optional.empty();
        }
        // the live figures served the test while it ran; its history keeps each segment's result and metrics
        jdbc.sql("UPDATE run_segments SET progress = NULL, live_thresholds = NULL WHERE run_id = ?").param(runId).update();
        jdbc.sql("""
                        INSERT INTO run_results (run_id, attempt_id, runner_id, outcome, outcome_reason, k6_exit_code,
                                                 raw_summary, console_output, digest)
                        VALUES (:id, :attempt, :runner, :outcome, :reason, :exit, NULL, :console, NULL)""")
                .param("id", runId).param("attempt", attempt.get()).param("runner", runnerId)
                .param("outcome", outcome.wireName()).param("reason", reason).param("exit", exit).param("console", console)
                .update();
        Ended named = cause.orElse(segments.getFirst());
        return Optional.of(new RunFinished(runId, attempt.get(), runnerId, outcome, reason, exit, null, console, null,
                startedAt(runId), now, new Segment(named.index(), segments.size(), named.segment(), named.sequence())));
    }

    private List<Ended> ended(UUID runId) {
        return jdbc.sql("""
                        SELECT index, segment, sequence, runner_id, outcome, k6_exit_code, broke_test, finished_at,
                               coalesce(result->>'statusReason', stop_reason) AS reason, result->>'consoleOutput' AS console
                        FROM run_segments WHERE run_id = ? ORDER BY index""")
                .param(runId)
                .query((rs, n) -> new Ended(rs.getInt("index"), rs.getString("segment"), rs.getString("sequence"),
                        rs.getString("runner_id"), RunStatus.fromWire(rs.getString("outcome")),
                        (Integer) rs.getObject("k6_exit_code"), rs.getBoolean("broke_test"), rs.getString("reason"),
                        rs.getString("console"), rs.getTimestamp("finished_at").toInstant()))
                .list();
    }

    private Instant startedAt(UUID runId) {
        return jdbc.sql("SELECT started_at FROM runs WHERE id = ?").param(runId).query(Timestamp.class).single().toInstant();
    }
}
