package dev.k6runner.bench.queries;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.k6runner.bench.client.GatewayClient;
import dev.k6runner.bench.process.Stack;
import dev.k6runner.bench.report.Report;
import dev.k6runner.bench.stats.Percentiles;

/**
 * History and search p95 through the gateway at growing numbers of stored runs, seeded with one
 * generate_series INSERT per step. The baseline is the bare keyset query of history's first page over JDBC
 * at the same size, so the figure shows what the HTTP stack adds to what Postgres needs.
 */
public final class QueryLatency {

    /** Search requests, each a filter combination a user makes (all of the team's runs are searched). */
    private static final List<String> SEARCHES = List.of(
            "anomalies_only=true", "min_error_rate=5", "max_response_time=200", "name=bench-seed-7",
            "status=failed", "tag=" + URLEncoder.encode("team:t3", StandardCharsets.UTF_8),
            "anomalies_only=true&min_error_rate=10&name=bench-seed-3");

    private final Stack stack;
    private final GatewayClient gateway;
    private long seeded;

    public QueryLatency(Stack stack, GatewayClient gateway) {
        this.stack = stack;
        this.gateway = gateway;
    }

    /** Grows the table to {@code total} seeded runs, then measures {@code requests} of each kind. */
    public void measureAt(Report report, long total, int requests) throws SQLException {
        long seedMillis = seedUpTo(total);
        long rows = count();
        List<Double> history = new ArrayList<>();
        List<Double> deepHistory = new ArrayList<>();
        List<Double> search = new ArrayList<>();
        int errors = 0;
        for (int i = 0; i < requests; i++) {
            errors += timed("/api/v1/test/history?limit=20", history);
        }
        String cursor = null;
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            GatewayClient.Answer page = gateway.get("/api/v1/test/history?limit=20"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            deepHistory.add((System.nanoTime() - start) / 1e6);
            errors += page.status() == 200 ? 0 : 1;
            cursor = page.text("next_cursor");
        }
        for (int i = 0; i < requests; i++) {
            errors += timed("/api/v1/test/search?limit=20&" + SEARCHES.get(i % SEARCHES.size()), search);
        }
        Percentiles jdbc = jdbcFirstPage(requests);
        String conditions = "%,d runs in the table (seeded %,d in %.1f s), %d sequential requests per kind, limit=20, errors %d"
                .formatted(rows, seeded, seedMillis / 1000.0, requests, errors);
        String size = total >= 1_000_000 ? (total / 1_000_000) + "M" : (total / 1000) + "k";
        double h95 = Percentiles.of(history).at(95);
        report.add("queries", "history p95 @" + size + " (first page)", Report.format(h95, 1) + " ms",
                Report.format(jdbc.at(95), 1) + " ms (keyset SELECT, JDBC)", Report.ratio(h95, jdbc.at(95)), conditions);
        double d95 = Percentiles.of(deepHistory).at(95);
        report.add("queries", "history p95 @" + size + " (following next_cursor " + requests + " pages)", Report.format(d95, 1) + " ms",
                Report.format(jdbc.at(95), 1) + " ms", Report.ratio(d95, jdbc.at(95)), conditions);
        double s95 = Percentiles.of(search).at(95);
        report.add("queries", "search p95 @" + size + " (" + SEARCHES.size() + " filter mixes)", Report.format(s95, 1) + " ms",
                Report.format(jdbc.at(95), 1) + " ms", Report.ratio(s95, jdbc.at(95)), conditions);
    }

    private int timed(String path, List<Double> into) {
        long start = System.nanoTime();
        int status = gateway.get(path).status();
        into.add((System.nanoTime() - start) / 1e6);
        return status == 200 ? 0 : 1;
    }

    private Percentiles jdbcFirstPage(int requests) throws SQLException {
        List<Double> times = new ArrayList<>();
        try (Connection connection = stack.jdbc(); PreparedStatement page = connection.prepareStatement("""
                SELECT id, name, status, submitted_at, finished_at, has_anomalies, severity, avg_response_time_ms,
                       p95_response_time_ms, error_rate, throughput_rps, total_requests, vus_max, duration_seconds
                FROM runs WHERE team_id = 'default' ORDER BY submitted_at DESC, id DESC LIMIT 21""")) {
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                try (ResultSet rows = page.executeQuery()) {
                    while (rows.next()) {
                        rows.getObject(1);
                    }
                }
                times.add((System.nanoTime() - start) / 1e6);
            }
        }
        return Percentiles.of(times);
    }

    /** Finished runs with a spread of names, statuses, tags, anomalies and metrics, one second apart into the past. */
    private long seedUpTo(long total) throws SQLException {
        long missing = total - seeded;
        if (missing <= 0) {
            return 0;
        }
        long start = System.nanoTime();
        try (Connection connection = stack.jdbc(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("""
                    INSERT INTO runs (id, team_id, name, status, script, env, tags, timeout_seconds, submitted_at,
                                      started_at, finished_at, published_at, k6_exit_code, has_anomalies, severity,
                                      avg_response_time_ms, p95_response_time_ms, error_rate, throughput_rps,
                                      total_requests, vus_max, duration_seconds)
                    SELECT gen_random_uuid(), 'default', 'bench-seed-' || (i %% 50),
                           CASE WHEN i %% 20 = 0 THEN 'failed' ELSE 'completed' END,
                           'export default function () {}', '{}'::jsonb,
                           jsonb_build_object('team', 't' || (i %% 10), 'env', CASE WHEN i %% 2 = 0 THEN 'prod' ELSE 'staging' END),
                           1800, ts, ts + interval '1 second', ts + interval '31 seconds', ts, 0,
                           i %% 7 = 0, CASE WHEN i %% 7 = 0 THEN 'medium' ELSE 'none' END,
                           50 + (i %% 500), 80 + (i %% 900), (i %% 20)::double precision, 100 + (i %% 50),
                           3000 + (i %% 100), 10, 30
                    FROM (SELECT i, now() - interval '1 day' - (i * interval '1 second') AS ts
                          FROM generate_series(%d, %d) AS i) AS series""".formatted(seeded + 1, total));
            statement.execute("ANALYZE runs");
        }
        seeded = total;
        return (System.nanoTime() - start) / 1_000_000;
    }

    private long count() throws SQLException {
        try (Connection connection = stack.jdbc(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM runs")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
