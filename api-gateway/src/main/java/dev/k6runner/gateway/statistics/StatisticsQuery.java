package dev.k6runner.gateway.statistics;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.k6runner.gateway.statistics.StatisticsController.Daily;
import dev.k6runner.gateway.statistics.StatisticsController.Statistics;

/** Three aggregate queries over the team's runs and anomalies of the period. */
@Repository
class StatisticsQuery {

    private static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");

    private final JdbcClient jdbc;

    StatisticsQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Statistics statistics(String teamId, int days) {
        // Whole UTC days, today included, so that the totals and the daily trend cover the same runs.
        Timestamp since = Timestamp.from(LocalDate.now(ZoneOffset.UTC).minusDays(days - 1L).atStartOfDay(ZoneOffset.UTC).toInstant());
        Map<String, Object> totals = jdbc.sql("""
                SELECT count(*) AS total,
                       count(*) FILTER (WHERE status = 'completed') AS completed,
                       count(*) FILTER (WHERE status = 'failed') AS failed,
                       count(*) FILTER (WHERE has_anomalies) AS with_anomalies,
                       count(*) FILTER (WHERE has_anomalies AND status = 'completed') AS completed_with_anomalies,
                       count(*) FILTER (WHERE has_anomalies AND severity = 'low') AS low,
                       count(*) FILTER (WHERE has_anomalies AND severity = 'medium') AS medium,
                       count(*) FILTER (WHERE has_anomalies AND severity = 'high') AS high,
                       count(*) FILTER (WHERE has_anomalies AND severity = 'critical') AS critical
                FROM runs WHERE team_id = ? AND submitted_at >= ?""")
                .params(teamId, since).query().singleRow();
        long completed = number(totals, "completed");
        double rate = completed == 0 ? 0 : Math.round(1000.0 * number(totals, "completed_with_anomalies") / completed) / 10.0;
        Map<String, Long> severities = new LinkedHashMap<>();
        SEVERITIES.forEach(severity -> severities.put(severity, number(totals, severity)));
        return new Statistics(days, number(totals, "total"), completed, number(totals, "failed"),
                number(totals, "with_anomalies"), rate, severities, anomalyTypes(teamId, since), daily(teamId, since, days));
    }

    private Map<String, Long> anomalyTypes(String teamId, Timestamp since) {
        Map<String, Long> types = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT type, count(*) FROM anomalies WHERE team_id = ? AND submitted_at >= ?
                GROUP BY type ORDER BY count(*) DESC, type""")
                .params(teamId, since)
                .query(rs -> {
                    types.put(rs.getString(1), rs.getLong(2));
                });
        return types;
    }

    private List<Daily> daily(String teamId, Timestamp since, int days) {
        return jdbc.sql("""
                WITH d AS (
                    SELECT (submitted_at AT TIME ZONE 'UTC')::date AS day, count(*) AS tests,
                           count(*) FILTER (WHERE has_anomalies) AS anomalies,
                           avg(p95_response_time_ms) AS p95, avg(error_rate) AS error_rate
                    FROM runs WHERE team_id = ? AND submitted_at >= ? GROUP BY 1)
                SELECT g.day::date AS day, coalesce(d.tests, 0) AS tests, coalesce(d.anomalies, 0) AS anomalies,
                       round(d.p95::numeric, 2)::float8 AS p95, round(d.error_rate::numeric, 3)::float8 AS error_rate
                FROM generate_series((now() AT TIME ZONE 'UTC')::date - (? - 1), (now() AT TIME ZONE 'UTC')::date,
                                     interval '1 day') g(day)
                LEFT JOIN d ON d.day = g.day::date ORDER BY 1""")
                .params(teamId, since, days)
                .query((rs, n) -> new Daily(rs.getObject("day", java.time.LocalDate.class), rs.getLong("tests"),
                        rs.getLong("anomalies"), nullable(rs, "p95"), nullable(rs, "error_rate")))
                .list();
    }

    private static Double nullable(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static long number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }
}
