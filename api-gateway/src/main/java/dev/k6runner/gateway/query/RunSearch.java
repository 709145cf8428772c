package dev.k6runner.gateway.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.json.JsonMapper;

/**
 * History and search: keyset pages, newest first, so page 1,000 costs what page 1 costs. Every walk is
 * one index in page order that stops at the page's end: a tag search walks {@code run_tags} for its
 * first tag and joins each run by primary key; any other search walks the team's {@code runs} indexes.
 */
@Repository
public class RunSearch {

    private static final String COLUMNS = """
            SELECT r.id, r.name, r.status, r.submitted_at, r.finished_at, r.has_anomalies, r.severity,
                   r.avg_response_time_ms, r.p95_response_time_ms, r.error_rate, r.throughput_rps, r.total_requests,
                   r.vus_max, r.duration_seconds,
                   r.bundle_sha256, b.kind AS bundle_kind, b.bytes AS bundle_bytes, b.files AS bundle_files""";
    // a bundled run's bundle by primary key, after the page's rows are chosen: costs nothing for a plain run
    private static final String BUNDLE = " LEFT JOIN bundles b ON b.sha256 = r.bundle_sha256";
    private static final String BY_TEAM = COLUMNS + " FROM runs r" + BUNDLE + " WHERE r.team_id = :team";
    private static final String BY_TAG = COLUMNS + " FROM run_tags t JOIN runs r ON r.id = t.run_id" + BUNDLE
            + " WHERE t.team_id = :team AND t.key = :tagKey AND t.value = :tagValue AND r.team_id = :team";

    /** The time and id columns of the index a search walks: its order and its cursor. */
    private record Walk(String time, String id) {
    }

    private static final Walk TEAM_WALK = new Walk("r.submitted_at", "r.id");
    private static final Walk TAG_WALK = new Walk("t.submitted_at", "t.run_id");

    private final JdbcClient jdbc;
    private final JsonMapper mapper;

    RunSearch(JdbcClient jdbc, JsonMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /**
     * The search endpoint's page for other features (the run list page): the same parameters, checked the same
     * way (an {@code ApiProblem} naming the wrong one).
     */
    public RunPage search(String teamId, Map<String, String[]> query) {
        return page(teamId, RunFilter.parse(query, RunFilter.SEARCH_PARAMETERS));
    }

    RunPage page(String teamId, RunFilter filter) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder sql = new StringBuilder(filter.tags().isEmpty() ? BY_TEAM : BY_TAG);
        Walk walk = filter.tags().isEmpty() ? TEAM_WALK : TAG_WALK;
        conditions(sql, params, filter);
        times(sql, params, filter, walk);
        sql.append(" ORDER BY ").append(walk.time()).append(" DESC, ").append(walk.id()).append(" DESC LIMIT :limit");
        params.put("team", teamId);
        params.put("limit", filter.limit() + 1);
        List<RunSummary> rows = jdbc.sql(sql.toString()).params(params).query(RunSearch::summary).list();
        if (rows.size() <= filter.limit()) {
            return new RunPage(rows, null);
        }
        List<RunSummary> page = rows.subList(0, filter.limit());
        RunSummary last = page.getLast();
        return new RunPage(List.copyOf(page), new Cursor(last.submittedAt(), last.testId()).encode());
    }

    private void conditions(StringBuilder sql, Map<String, Object> params, RunFilter filter) {
        if (filter.anomaliesOnly()) {
            sql.append(" AND r.has_anomalies");
        }
        if (filter.minErrorRate() != null) {
            sql.append(" AND r.error_rate >= :minErrorRate");
            params.put("minErrorRate", filter.minErrorRate());
        }
        if (filter.maxResponseTime() != null) {
            sql.append(" AND r.avg_response_time_ms <= :maxResponseTime");
            params.put("maxResponseTime", filter.maxResponseTime());
        }
        if (filter.name() != null) {
            sql.append(" AND r.name = :name");
            params.put("name", filter.name());
        }
        if (!filter.statuses().isEmpty()) {
            sql.append(" AND r.status IN (:statuses)");
            params.put("statuses", filter.statuses());
        }
        if (!filter.tags().isEmpty()) {
            tags(sql, params, filter.tags());
        }
    }

    /** The first tag is the walk (run_tags); the others, if any, are checked on the run's own tags. */
    private void tags(StringBuilder sql, Map<String, Object> params, List<Map.Entry<String, String>> asked) {
        params.put("tagKey", asked.getFirst().getKey());
        params.put("tagValue", asked.getFirst().getValue());
        Map<String, String> tags = new LinkedHashMap<>();
        asked.forEach(tag -> tags.put(tag.getKey(), tag.getValue()));
        if (tags.size() < asked.size()) {
            sql.append(" AND false"); // the same key asked with two values can match nothing
        } else if (tags.size() > 1) {
            sql.append(" AND r.tags @> CAST(:tags AS jsonb)");
            params.put("tags", mapper.writeValueAsString(tags));
        }
    }

    private static void times(StringBuilder sql, Map<String, Object> params, RunFilter filter, Walk walk) {
        if (filter.since() != null) {
            sql.append(" AND ").append(walk.time()).append(" >= :since");
            params.put("since", Timestamp.from(filter.since()));
        }
        if (filter.until() != null) {
            sql.append(" AND ").append(walk.time()).append(" < :until");
            params.put("until", Timestamp.from(filter.until()));
        }
        if (filter.cursor() != null) {
            sql.append(" AND (").append(walk.time()).append(", ").append(walk.id()).append(") < (:cursorAt, :cursorId)");
            params.put("cursorAt", Timestamp.from(filter.cursor().submittedAt()));
            params.put("cursorId", filter.cursor().id());
        }
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
                RunDocuments.number(rs, "duration_seconds"), RunDocuments.bundleFiles(rs), RunDocuments.bundleArchive(rs));
    }
}
