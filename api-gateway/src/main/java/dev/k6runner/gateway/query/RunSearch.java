package dev.k6runner.gateway.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.json.JsonMapper;

/**
 * History and search: keyset pages over {@code runs} alone, newest first, so page 1,000 costs
 * what page 1 costs. Every condition is one the indexes of V1 serve.
 */
@Repository
class RunSearch {

    private final JdbcClient jdbc;
    private final JsonMapper mapper;

    RunSearch(JdbcClient jdbc, JsonMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    RunPage page(String teamId, RunFilter filter) {
        StringBuilder sql = new StringBuilder("""
                SELECT id, name, status, submitted_at, finished_at, has_anomalies, severity, avg_response_time_ms,
                       p95_response_time_ms, error_rate, throughput_rps, total_requests, vus_max, duration_seconds
                FROM runs WHERE team_id = :team""");
        JdbcClient.StatementSpec spec = conditions(sql, filter);
        spec = spec.param("team", teamId).param("limit", filter.limit() + 1);
        List<RunSummary> rows = spec.query(RunSearch::summary).list();
        if (rows.size() <= filter.limit()) {
            return new RunPage(rows, null);
        }
        List<RunSummary> page = rows.subList(0, filter.limit());
        RunSummary last = page.getLast();
        return new RunPage(List.copyOf(page), new Cursor(last.submittedAt(), last.testId()).encode());
    }

    private JdbcClient.StatementSpec conditions(StringBuilder sql, RunFilter filter) {
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        if (filter.anomaliesOnly()) {
            sql.append(" AND has_anomalies");
        }
        if (filter.minErrorRate() != null) {
            sql.append(" AND error_rate >= :minErrorRate");
            params.put("minErrorRate", filter.minErrorRate());
        }
        if (filter.maxResponseTime() != null) {
            sql.append(" AND avg_response_time_ms <= :maxResponseTime");
            params.put("maxResponseTime", filter.maxResponseTime());
        }
        if (filter.name() != null) {
            sql.append(" AND name = :name");
            params.put("name", filter.name());
        }
        if (!filter.statuses().isEmpty()) {
            sql.append(" AND status IN (:statuses)");
            params.put("statuses", filter.statuses());
        }
        if (!filter.tags().isEmpty()) {
            sql.append(" AND tags @> CAST(:tags AS jsonb)");
            Map<String, String> tags = new java.util.LinkedHashMap<>();
            filter.tags().forEach(tag -> tags.put(tag.getKey(), tag.getValue()));
            params.put("tags", mapper.writeValueAsString(tags));
            if (tags.size() < filter.tags().size()) {
                sql.append(" AND false"); // the same key asked with two values can match nothing
            }
        }
        if (filter.since() != null) {
            sql.append(" AND submitted_at >= :since");
            params.put("since", Timestamp.from(filter.since()));
        }
        if (filter.until() != null) {
            sql.append(" AND submitted_at < :until");
            params.put("until", Timestamp.from(filter.until()));
        }
        if (filter.cursor() != null) {
            sql.append(" AND (submitted_at, id) < (:cursorAt, :cursorId)");
            params.put("cursorAt", Timestamp.from(filter.cursor().submittedAt()));
            params.put("cursorId", filter.cursor().id());
        }
        sql.append(" ORDER BY submitted_at DESC, id DESC LIMIT :limit");
        return jdbc.sql(sql.toString()).params(params);
    }

    private static RunSummary summary(ResultSet rs, int row) throws SQLException {
        long total = rs.getLong("total_requests");
        Long totalRequests = rs.wasNull() ? null : total;
        boolean anomalies = rs.getBoolean("has_anomalies");
        Boolean hasAnomalies = rs.wasNull() ? null : anomalies;
        return new RunSummary(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("status"),
                RunDocuments.instant(rs, "submitted_at"), RunDocuments.instant(rs, "finished_at"), hasAnomalies,
                rs.getString("severity"), RunDocuments.number(rs, "avg_response_time_ms"),
                RunDocuments.number(rs, "p95_response_time_ms"), RunDocuments.number(rs, "error_rate"),
                RunDocuments.number(rs, "throughput_rps"), totalRequests, RunDocuments.integer(rs, "vus_max"),
                RunDocuments.number(rs, "duration_seconds"));
    }
}
