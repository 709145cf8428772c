package dev.k6runner.analyzer.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.k6runner.analyzer.baseline.BaselineHistory;
import dev.k6runner.analyzer.baseline.BaselineProperties;

/**
 * The baseline's runs, from the denormalized summary columns of runs (index runs_team_name_submitted):
 * the recent completed runs of the same team and name submitted before this one, and the pinned run.
 */
@Repository
public class BaselineRepository {

    private static final String SAMPLE = "r.id, r.avg_response_time_ms, r.p95_response_time_ms, r.error_rate, r.throughput_rps, r.vus_max";

    private final JdbcClient jdbc;
    private final BaselineProperties properties;

    BaselineRepository(JdbcClient jdbc, BaselineProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    public BaselineHistory historyFor(RunState run) {
        List<BaselineHistory.Sample> recent = jdbc.sql("SELECT " + SAMPLE + """
                         FROM runs r WHERE r.team_id = ? AND r.name = ? AND r.status = 'completed' AND r.id <> ?
                          AND r.submitted_at < ? AND r.total_requests IS NOT NULL
                        ORDER BY r.submitted_at DESC, r.id DESC LIMIT ?""")
                .param(run.teamId()).param(run.name()).param(run.runId()).param(Timestamp.from(run.submittedAt()))
                .param(properties.window())
                .query((rs, row) -> sample(rs)).list();
        Optional<BaselineHistory.Sample> pinned = jdbc.sql("SELECT " + SAMPLE + """
                         FROM baselines b JOIN runs r ON r.id = b.run_id
                        WHERE b.team_id = ? AND b.name = ? AND b.run_id <> ? AND r.total_requests IS NOT NULL""")
                .param(run.teamId()).param(run.name()).param(run.runId())
                .query((rs, row) -> sample(rs)).optional();
        return new BaselineHistory(recent, pinned.orElse(null));
    }

    private static BaselineHistory.Sample sample(ResultSet rs) throws SQLException {
        return new BaselineHistory.Sample(rs.getObject("id", java.util.UUID.class),
                (Double) rs.getObject("avg_response_time_ms"), (Double) rs.getObject("p95_response_time_ms"),
                (Double) rs.getObject("error_rate"), (Double) rs.getObject("throughput_rps"),
                (Integer) rs.getObject("vus_max"));
    }
}
