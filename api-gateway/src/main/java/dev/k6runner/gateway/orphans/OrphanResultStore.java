package dev.k6runner.gateway.orphans;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code orphan_results}: finished results a runner delivered after the gateway's reaper had interrupted
 * their run. Runners write them; nothing here changes a run.
 */
@Component
class OrphanResultStore {

    /** One orphan; {@code result} (the whole RunFinished) only when a single one is asked for. */
    record OrphanResult(UUID runId, UUID attemptId, String runnerId, String outcome, String runStatus,
                        Instant receivedAt, JsonNode result) {
    }

    private static final String COLUMNS = "run_id, attempt_id, runner_id, outcome, run_status, received_at";

    private final JdbcClient jdbc;
    private final JsonMapper mapper;

    OrphanResultStore(JdbcClient jdbc, JsonMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /** The newest first. */
    List<OrphanResult> newest(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orphan_results ORDER BY received_at DESC, attempt_id LIMIT :limit")
                .param("limit", limit)
                .query((rs, row) -> orphan(rs, null))
                .list();
    }

    Optional<OrphanResult> ofAttempt(UUID attemptId) {
        return jdbc.sql("SELECT " + COLUMNS + ", result::text AS result FROM orphan_results WHERE attempt_id = :attempt")
                .param("attempt", attemptId)
                .query((rs, row) -> orphan(rs, mapper.readTree(rs.getString("result"))))
                .optional();
    }

    private static OrphanResult orphan(ResultSet rs, JsonNode result) throws SQLException {
        return new OrphanResult(rs.getObject("run_id", UUID.class), rs.getObject("attempt_id", UUID.class),
                rs.getString("runner_id"), rs.getString("outcome"), rs.getString("run_status"),
                rs.getTimestamp("received_at").toInstant(), result);
    }
}
