package dev.k6runner.analyzer.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.k6runner.analyzer.analysis.AnalysisInput;
import dev.k6runner.model.RunDigest;
import dev.k6runner.model.RunStatus;
import dev.k6runner.platform.kafka.EventCodec;

/** Reads of runs and run_results: the guards' state, a stored result, the runs stuck in analyzing. */
@Repository
public class RunRepository {

    private static final String STATE_COLUMNS = """
            r.id, r.team_id, r.name, r.status, r.attempt_id, r.submitted_at, rr.attempt_id AS result_attempt_id
            """;

    private final JdbcClient jdbc;
    private final EventCodec codec;

    RunRepository(JdbcClient jdbc, EventCodec codec) {
        this.jdbc = jdbc;
        this.codec = codec;
    }

    public Optional<RunState> findState(UUID runId) {
        return jdbc.sql("SELECT " + STATE_COLUMNS + " FROM runs r LEFT JOIN run_results rr ON rr.run_id = r.id WHERE r.id = ?")
                .param(runId).query((rs, row) -> state(rs)).optional();
    }

    public Optional<StoredRun> loadStored(UUID runId) {
        return jdbc.sql("SELECT " + STATE_COLUMNS + """
                        , rr.outcome, rr.outcome_reason, rr.k6_exit_code, rr.raw_summary, rr.console_output,
                          rr.digest::text AS digest, rr.stored_at
                        FROM runs r JOIN run_results rr ON rr.run_id = r.id WHERE r.id = ?""")
                .param(runId).query((rs, row) -> stored(rs)).optional();
    }

    /** Runs whose result was stored longer ago than {@code olderThan} and are still analyzing: the message was lost. */
    public List<UUID> stuckAnalyzing(Duration olderThan, int limit) {
        return jdbc.sql("""
                        SELECT r.id FROM runs r JOIN run_results rr ON rr.run_id = r.id
                        WHERE r.status = 'analyzing' AND rr.stored_at < now() - make_interval(secs => ?)
                        ORDER BY rr.stored_at LIMIT ?""")
                .param((double) olderThan.toMillis() / 1000.0).param(limit)
                .query((rs, row) -> rs.getObject(1, UUID.class)).list();
    }

    private StoredRun stored(ResultSet rs) throws SQLException {
        RunState state = state(rs);
        String digestJson = rs.getString("digest");
        Integer exitCode = (Integer) rs.getObject("k6_exit_code");
        AnalysisInput input = new AnalysisInput(state.runId(), state.teamId(), state.name(),
                RunStatus.fromWire(rs.getString("outcome")), rs.getString("outcome_reason"), exitCode,
                rs.getString("raw_summary"), rs.getString("console_output"),
                digestJson == null ? null : codec.decode(digestJson, RunDigest.class));
        return new StoredRun(state, input, rs.getTimestamp("stored_at").toInstant());
    }

    private static RunState state(ResultSet rs) throws SQLException {
        Timestamp submitted = rs.getTimestamp("submitted_at");
        return new RunState(rs.getObject("id", UUID.class), rs.getString("team_id"), rs.getString("name"),
                RunStatus.fromWire(rs.getString("status")), rs.getObject("attempt_id", UUID.class),
                rs.getObject("result_attempt_id", UUID.class), submitted.toInstant());
    }
}
