package dev.k6runner.bench.gateway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where the gateway's database sessions spend a load: samples {@code pg_stat_activity} every 20 ms and
 * counts each active session's wait event (CPU when none), so a figure comes with its bottleneck,
 * e.g. WALSync (commit flushes), Lock (row or advisory locks), ClientRead (waiting for the gateway).
 */
final class Waits implements AutoCloseable {

    private final Map<String, Long> counts = new TreeMap<>();
    private final Thread sampler;
    private volatile boolean stop;

    Waits(String url) {
        sampler = Thread.ofPlatform().daemon().name("pg-waits").start(() -> sample(url));
    }

    private void sample(String url) {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             Statement sql = connection.createStatement()) {
            sql.execute("""
                    CREATE OR REPLACE FUNCTION pg_temp.statement(query text) RETURNS text LANGUAGE sql AS $$
                        SELECT CASE WHEN query LIKE 'WITH existing%' THEN 'intake' WHEN query LIKE '%published_at = now()%' THEN 'relay-mark'
                                    WHEN query LIKE '%FOR UPDATE SKIP LOCKED%' THEN 'relay-select' WHEN query = 'COMMIT' THEN 'commit'
                                    WHEN query LIKE 'UPDATE runs SET status = ''completed''%' THEN 'drainer' ELSE left(query, 24) END $$""");
            while (!stop) {
                try (ResultSet rs = sql.executeQuery("""
                        SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') || ' in ' || pg_temp.statement(query), count(*) FROM pg_stat_activity
                        WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                        GROUP BY 1""")) {
                    while (rs.next()) {
                        synchronized (counts) {
                            counts.merge(rs.getString(1), rs.getLong(2), Long::sum);
                        }
                    }
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.out.println("[gateway-bench] wait sampler stopped: " + e.getMessage());
        }
    }

    /** @return each wait's share of the active-session samples, largest first */
    String summary() {
        synchronized (counts) {
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            return total == 0 ? "no active sessions seen" : counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                    .map(e -> "%s %.0f%%".formatted(e.getKey(), 100.0 * e.getValue() / total))
                    .collect(Collectors.joining(", "));
        }
    }

    @Override
    public void close() {
        stop = true;
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
