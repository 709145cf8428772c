package dev.k6runner.runner.publish;

import java.sql.Timestamp;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.k6runner.model.RunFinished;
import dev.k6runner.model.RunTransition;
import dev.k6runner.platform.kafka.EventCodec;

/**
 * The statements of a result, run inside one transaction by {@link ResultPublisher}: the run moved
 * {@code running → analyzing} with its result, conditional on this attempt still holding it; otherwise the result
 * kept as an orphan, the run's status untouched. Each is safe to repeat: a replayed result is applied once.
 */
final class ResultStore {

    /** What Postgres did with a result. */
    enum Answer {
        /** Stored now: the run is analyzing and the analyzer must hear of it. */
        STORED,
        /** Stored before (a replay after a crash between the commit and the disk clean-up): nothing to do. */
        STORED_BEFORE,
        /** The attempt no longer held the run (reaped as interrupted): kept in {@code orphan_results}. */
        ORPHANED,
        /** An orphan recorded before (a replay): nothing to do. */
        ORPHANED_BEFORE
    }

    private final JdbcClient jdbc;
    private final EventCodec codec;

    ResultStore(JdbcClient jdbc, EventCodec codec) {
        this.jdbc = jdbc;
        this.codec = codec;
    }

    /** Call inside a transaction. */
    Answer apply(RunFinished result) {
        if (moveToAnalyzing(result)) {
            insertResult(result);
            return Answer.STORED;
        }
        if (storedBefore(result)) {
            return Answer.STORED_BEFORE;
        }
        return keepOrphan(result) ? Answer.ORPHANED : Answer.ORPHANED_BEFORE;
    }

    private boolean moveToAnalyzing(RunFinished result) {
        return jdbc.sql(RunTransition.PUBLISH.render("""
                        UPDATE runs SET status = {to}, status_reason = :reason, k6_exit_code = :exit,
                               finished_at = :finished, lease_expires_at = NULL
                        WHERE id = :id AND attempt_id = :attempt AND status = {from}"""))
                .param("reason", result.statusReason())
                .param("exit", result.k6ExitCode())
                .param("finished", Timestamp.from(result.finishedAt()))
                .param("id", result.runId())
                .param("attempt", result.attemptId())
                .update() == 1;
    }

    private void insertResult(RunFinished result) {
        jdbc.sql("""
                        INSERT INTO run_results (run_id, attempt_id, runner_id, outcome, outcome_reason, k6_exit_code,
                                                 raw_summary, console_output, digest)
                        VALUES (:id, :attempt, :runner, :outcome, :reason, :exit, :summary, :console, CAST(:digest AS jsonb))""")
                .param("id", result.runId())
                .param("attempt", result.attemptId())
                .param("runner", result.runnerId())
                .param("outcome", result.outcome().wireName())
                .param("reason", result.statusReason())
                .param("exit", result.k6ExitCode())
                .param("summary", result.rawSummary())
                .param("console", result.consoleOutput())
                .param("digest", result.digest() == null ? null : codec.encode(result.digest()))
                .update();
    }

    private boolean storedBefore(RunFinished result) {
        return jdbc.sql("SELECT count(*) FROM run_results WHERE run_id = :id AND attempt_id = :attempt")
                .param("id", result.runId())
                .param("attempt", result.attemptId())
                .query(Long.class).single() > 0;
    }

    /** @return false when this attempt's orphan was recorded before */
    private boolean keepOrphan(RunFinished result) {
        return jdbc.sql("""
                        INSERT INTO orphan_results (attempt_id, run_id, runner_id, outcome, run_status, result)
                        VALUES (:attempt, :id, :runner, :outcome, (SELECT status FROM runs WHERE id = :id),
                                CAST(:result AS jsonb))
                        ON CONFLICT (attempt_id) DO NOTHING""")
                .param("attempt", result.attemptId())
                .param("id", result.runId())
                .param("runner", result.runnerId())
                .param("outcome", result.outcome().wireName())
                .param("result", codec.encode(result))
                .update() == 1;
    }
}
