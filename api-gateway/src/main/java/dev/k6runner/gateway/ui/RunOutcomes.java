package dev.k6runner.gateway.ui;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What a run's verdict needs beyond its summary line: whether its thresholds passed and how many anomalies the
 * analysis found, for one page of the run list at once (one query by primary key; the ids come from the
 * team's own search).
 */
@Repository
class RunOutcomes {

    /** @param thresholdsPassed null where the run had no thresholds or no results yet */
    record Outcome(Boolean thresholdsPassed, int anomalies) {
        static final Outcome NONE = new Outcome(null, 0);
    }

    private static final String SQL = """
            SELECT run_id,
                   CASE WHEN jsonb_typeof(thresholds -> 'passed') = 'boolean' THEN (thresholds ->> 'passed')::boolean END AS passed,
                   CASE WHEN jsonb_typeof(analysis -> 'anomalies') = 'array' THEN jsonb_array_length(analysis -> 'anomalies') ELSE 0 END
                       AS anomalies
            FROM run_results WHERE run_id IN (:ids)""";

    private final JdbcClient jdbc;

    RunOutcomes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<UUID, Outcome> of(List<UUID> runIds) {
        Map<UUID, Outcome> outcomes = new HashMap<>();
        if (runIds.isEmpty()) {
            return outcomes;
        }
        jdbc.sql(SQL).param("ids", runIds).query((rs, n) -> outcomes.put(rs.getObject("run_id", UUID.class),
                new Outcome(rs.getObject("passed", Boolean.class), rs.getInt("anomalies")))).list();
        return outcomes;
    }
}
