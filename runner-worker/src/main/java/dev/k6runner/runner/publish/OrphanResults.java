package dev.k6runner.runner.publish;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.k6runner.model.RunFinished;
import dev.k6runner.platform.kafka.EventCodec;

/**
 * A result that arrived after its attempt lost the run or segment, kept in {@code orphan_results} for the operator,
 * one row per attempt (a segment has an attempt of its own), so a replayed copy is never recorded twice.
 */
public final class OrphanResults {

    private final JdbcClient jdbc;
    private final EventCodec codec;

    public OrphanResults(JdbcClient jdbc, EventCodec codec) {
        this.jdbc = jdbc;
        this.codec = codec;
    }

    /** @return {@link StoreAnswer#ORPHANED}, or {@link StoreAnswer#ORPHANED_BEFORE} when this attempt's was recorded before */
    public StoreAnswer keep(RunFinished result) {
        int inserted = jdbc.sql("""
                        INSERT INTO orphan_results (attempt_id, run_id, runner_id, outcome, run_status, result)
                        VALUES (:attempt, :id, :runner, :outcome, (SELECT status FROM runs WHERE id = :id),
                                CAST(:result AS jsonb))
                        ON CONFLICT (attempt_id) DO NOTHING""")
                .param("attempt", result.attemptId())
                .param("id", result.runId())
                .param("runner", result.runnerId())
                .param("outcome", result.outcome().wireName())
                .param("result", codec.encode(result))
                .update();
        return inserted == 1 ? StoreAnswer.ORPHANED : StoreAnswer.ORPHANED_BEFORE;
    }
}
