package dev.k6runner.gateway.statistics;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import dev.k6runner.gateway.statistics.StatisticsController.Daily;
import dev.k6runner.gateway.statistics.StatisticsController.Statistics;

/**
 * Two aggregate queries: one pass over the team's runs of the period, grouped by UTC day (the totals are the days'
 * sums, so totals and trend always cover the same runs), and one over its anomalies. A separate totals query read
 * the same runs a second time (pgbench at 1M runs, 75k in a 7-day window: 73 ms for the two, 45 ms for the one).
 * Both read through the team's (team_id, submitted_at) index, never a scan of the whole table: with statistics
 * that misjudge how the period's rows lie on disk, the planner chose a parallel scan of all 1M runs (135 ms and
 * three processes' CPU per request, against 68 ms on one for the index), and a team's statistics then cost as
 * much as every team's runs together. docs/gateway.md, "Session 15".
 */
@Repository
class StatisticsQuery {

    private static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");

    private static final String BY_DAY = """
            SELECT (submitted_at AT TIME ZONE 'UTC')::date AS day, count(*) AS tests,
                   count(*) FILTER (WHERE status = 'completed') AS completed,
                   count(*) FILTER (WHERE status = 'failed') AS failed,
                   count(*) FILTER (WHERE has_anomalies) AS anomalies,
                   count(*) FILTER (WHERE has_anomalies AND status = 'completed') AS completed_with_anomalies,
                   count(*) FILTER (WHERE has_anomalies AND severity = 'low') AS low,
                   count(*) FILTER (WHERE has_anomalies AND severity = 'medium') AS medium,
                   count(*) FILTER (WHERE has_anomalies AND severity = 'high') AS high,
                   count(*) FILTER (WHERE has_anomalies AND severity = 'critical') AS critical,
                   round(avg(p95_response_time_ms)::numeric, 2)::float8 AS p95,
                   round(avg(error_rate)::numeric, 3)::float8 AS error_rate
            FROM runs WHERE team_id = ? AND submitted_at >= ? GROUP BY 1""";

    private static final List<String> COUNTED = List.of("tests", "completed", "failed", "anomalies", "completed_with_anomalies",
            "low", "medium", "high", "critical");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    StatisticsQuery(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    Statistics statistics(String teamId, int days) {
        return transactions.execute(status -> {
            // for this transaction only: the period's runs come from the team's index whatever the estimates say
            jdbc.sql("SET LOCAL enable_seqscan = off").update();
            return statisticsByIndex(teamId, days);
        });
    }

    private Statistics statisticsByIndex(String teamId, int days) {
        // Whole UTC days, today included, so that the totals and the daily trend cover the same runs.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = today.minusDays(days - 1L);
        Timestamp since = Timestamp.from(first.atStartOfDay(ZoneOffset.UTC).toInstant());
        Map<String, Long> totals = new LinkedHashMap<>();
        COUNTED.forEach(column -> totals.put(column, 0L));
        Map<LocalDate, Daily> byDay = new HashMap<>();
        jdbc.sql(BY_DAY).params(teamId, since).query(rs -> {
            for (String column : COUNTED) {
                totals.merge(column, rs.getLong(column), Long::sum);
            }
            LocalDate day = rs.getObject("day", LocalDate.class);
            byDay.put(day, new Daily(day, rs.getLong("tests"), rs.getLong("anomalies"), nullable(rs, "p95"), nullable(rs, "error_rate")));
        });
        long completed = totals.get("completed");
        double rate = completed == 0 ? 0 : Math.round(1000.0 * totals.get("completed_with_anomalies") / completed) / 10.0;
        Map<String, Long> severities = new LinkedHashMap<>();
        SEVERITIES.forEach(severity -> severities.put(severity, totals.get(severity)));
        List<Daily> daily = first.datesUntil(today.plusDays(1))
                .map(day -> byDay.getOrDefault(day, new Daily(day, 0, 0, null, null))).toList();
        return new Statistics(days, totals.get("tests"), completed, totals.get("failed"), totals.get("anomalies"), rate,
                severities, anomalyTypes(teamId, since), daily);
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

    private static Double nullable(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}
