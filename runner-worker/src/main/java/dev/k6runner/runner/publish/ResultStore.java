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

    private final JdbcClient jdbc;
    private final EventCodec codec;
    private final OrphanResults orphans;

    ResultStore(JdbcClient jdbc, EventCodec codec) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.orphans = new OrphanResults(jdbc, codec);
    }

    /** Call inside a transaction. */
    StoreAnswer apply(RunFinished result) {
        if (moveToAnalyzing(result)) {
            insertResult(result);
            return StoreAnswer.STORED;
        }
        if (storedBefore(result)) {
            return StoreAnswer.STORED_BEFORE;
        }
        return orphans.keep(result);
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
}
