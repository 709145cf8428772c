package dev.k6runner.bench.gateway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Server-side figures that CPU contention on the box distorts least: EXPLAIN ANALYZE of the statements
 * the gateway runs (as RunSearch/RunDocuments build them) on the seeded data, and a direct-JDBC
 * primary-key read as the baseline of what one Postgres round trip costs right now.
 */
final class Plans {

    private static final String LIST = "SELECT id, name, status, submitted_at, finished_at, has_anomalies, severity, avg_response_time_ms,"
            + " p95_response_time_ms, error_rate, throughput_rps, total_requests, vus_max, duration_seconds FROM runs WHERE team_id = 'default'";
    private static final String PAGE = " ORDER BY submitted_at DESC, id DESC LIMIT 21";

    private Plans() {
    }

    static List<String> explain(String url) throws Exception {
        Map<String, String> statements = new java.util.LinkedHashMap<>();
        statements.put("history newest", LIST + PAGE);
        statements.put("history deep cursor", LIST + " AND (submitted_at, id) < (now() - interval '45 days', 'ffffffff-ffff-ffff-ffff-ffffffffffff')" + PAGE);
        statements.put("search name", LIST + " AND name = 'test-17'" + PAGE);
        statements.put("search status", LIST + " AND status IN ('failed')" + PAGE);
        statements.put("search anomalies_only", LIST + " AND has_anomalies" + PAGE);
        statements.put("search tag", "SELECT r.* FROM run_tags t JOIN runs r ON r.id = t.run_id WHERE t.team_id = 'default'"
                + " AND t.key = 'env' AND t.value = 'staging' AND r.team_id = 'default' ORDER BY t.submitted_at DESC, t.run_id DESC LIMIT 21");
        statements.put("search min_error_rate", LIST + " AND error_rate >= 15" + PAGE);
        statements.put("search max_response_time", LIST + " AND avg_response_time_ms <= 60" + PAGE);
        statements.put("search since/until", LIST + " AND submitted_at >= now() - interval '2 days' AND submitted_at < now() - interval '1 day'" + PAGE);
        statements.put("poll: the run", "SELECT r.*, ru.host, ru.k6_version FROM runs r LEFT JOIN runners ru ON ru.id = r.runner_id"
                + " WHERE r.id = (SELECT id FROM runs WHERE team_id = 'default' AND status = 'running' LIMIT 1) AND r.team_id = 'default'");
        statements.put("poll: results (finished)", "SELECT rr.*, EXISTS (SELECT 1 FROM baselines b WHERE b.team_id = 'default'"
                + " AND b.name = 'test-1' AND b.run_id = rr.run_id) FROM (VALUES (1)) AS one LEFT JOIN run_results rr"
                + " ON rr.run_id = (SELECT id FROM runs WHERE team_id = 'default' AND status = 'completed' LIMIT 1)");
        List<String> lines = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             Statement sql = connection.createStatement()) {
            for (var entry : statements.entrySet()) {
                String plan = "";
                String time = "";
                try (ResultSet rs = sql.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + entry.getValue())) {
                    while (rs.next()) {
                        String line = rs.getString(1);
                        if (plan.isEmpty()) {
                            plan = line.strip();
                        }
                        if (line.contains("Execution Time")) {
                            time = line.strip();
                        }
                        if (line.contains("Index") && !plan.contains("Index")) {
                            plan = plan + " / " + line.strip();
                        }
                    }
                }
                lines.add("%-26s %-22s %s".formatted(entry.getKey(), time, plan.length() > 150 ? plan.substring(0, 150) : plan));
            }
        }
        return lines;
    }

    /** Direct JDBC primary-key reads on one connection for a few seconds: the floor under any HTTP poll. */
    static String jdbcBaseline(String url, java.util.UUID id) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             var statement = connection.prepareStatement("SELECT status FROM runs WHERE id = ?")) {
            statement.setObject(1, id);
            long[] latencies = new long[200_000];
            int n = 0;
            long end = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < end && n < latencies.length) {
                long began = System.nanoTime();
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                }
                latencies[n++] = System.nanoTime() - began;
            }
            long[] sorted = java.util.Arrays.copyOf(latencies, n);
            java.util.Arrays.sort(sorted);
            return "direct JDBC PK read, 1 connection: %d reads/s, p50=%.2f ms p99=%.2f ms".formatted(n / 3,
                    sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6);
        }
    }
}
