package dev.k6runner.gateway.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.k6runner.model.RunDigest;
import dev.k6runner.platform.kafka.EventCodec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * What a run has once its runner is done: its row of {@code run_results} and whether it is its test's pinned
 * baseline. Read only for runs past {@code running}, so that the polls of live runs touch {@code runs} and
 * {@code runners} alone.
 */
@Repository
class RunResults {

    /** A finished run's results; every part is null (and {@code pinned} false) when there are none yet. */
    record Results(Integer k6ExitCode, JsonNode thresholds, JsonNode metrics, JsonNode analysis, JsonNode rawSummary,
                   String consoleOutput, RunDigest digest, boolean pinned) {

        static final Results NONE = new Results(null, null, null, null, null, null, null, false);
    }

    private static final String RESULTS = """
            SELECT rr.k6_exit_code, rr.raw_summary, rr.console_output, rr.digest::text AS digest,
                   rr.metrics::text AS metrics, rr.thresholds::text AS thresholds, rr.analysis::text AS analysis,
                   EXISTS (SELECT 1 FROM baselines b WHERE b.team_id = ? AND b.name = ? AND b.run_id = ?) AS pinned
            FROM (VALUES (1)) AS one LEFT JOIN run_results rr ON rr.run_id = ?""";

    private final JdbcClient jdbc;
    private final JsonMapper mapper;
    private final EventCodec codec;

    RunResults(JdbcClient jdbc, JsonMapper mapper, EventCodec codec) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.codec = codec;
    }

    Results of(String teamId, String name, UUID runId) {
        return jdbc.sql(RESULTS).params(teamId, name, runId, runId).query(this::results).single();
    }

    private Results results(ResultSet rs, int row) throws SQLException {
        String digest = rs.getString("digest");
        return new Results(RunDocuments.integer(rs, "k6_exit_code"), json(rs.getString("thresholds")),
                json(rs.getString("metrics")), json(rs.getString("analysis")), summary(rs.getString("raw_summary")),
                rs.getString("console_output"), digest == null ? null : codec.decode(digest, RunDigest.class),
                rs.getBoolean("pinned"));
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
}
