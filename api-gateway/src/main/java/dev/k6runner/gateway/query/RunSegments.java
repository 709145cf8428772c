package dev.k6runner.gateway.query;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.json.JsonMapper;

/** The segments of a test on several runners, for its document: one read of {@code run_segments} by its key. */
@Repository
class RunSegments {

    /**
     * What every document of a test on several runners says about k6's setup() and teardown(): k6 runs them in each
     * segment's process, and sharing one setup() between processes needs k6's REST API, which no recording shows.
     */
    static final List<String> NOTES = List.of("setup() and teardown() ran once in each segment's k6 process, not once "
            + "for the whole test: each segment's VUs got the data of their own process's setup()");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    RunSegments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<RunDocument.Segment> of(UUID runId) {
        return jdbc.sql("""
                        SELECT s.index, s.segment, s.runner_id, ru.host, ru.k6_version,
                               coalesce(s.outcome, s.state) AS status, s.k6_exit_code, s.metrics::text AS metrics,
                               s.start_at, s.k6_started_at
                        FROM run_segments s LEFT JOIN runners ru ON ru.id = s.runner_id
                        WHERE s.run_id = ? ORDER BY s.index""")
                .param(runId)
                .query((rs, n) -> new RunDocument.Segment(rs.getInt("index"), rs.getString("segment"),
                        new RunDocument.Runner(rs.getString("runner_id"), rs.getString("host"), rs.getString("k6_version")),
                        rs.getString("status"), RunDocuments.integer(rs, "k6_exit_code"),
                        rs.getString("metrics") == null ? null : JSON.readTree(rs.getString("metrics")),
                        RunDocuments.instant(rs, "start_at"), RunDocuments.instant(rs, "k6_started_at")))
                .list();
    }
}
