package dev.k6runner.bench.gateway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The submissions' same-run baseline: plain JDBC inserts of a runs row (the gateway's columns and two tags, so the
 * run_tags trigger fires; already terminal and published, so nothing acts on it), autocommit, each client on a
 * connection of its own in a closed loop, at the submission load's concurrency. Every commit waits for its flush
 * on a durable Postgres, as a submission's does.
 */
final class JdbcInserts {

    private static final String INSERT = """
            INSERT INTO runs (id, team_id, name, status, script, env, tags, timeout_seconds, submitted_at, published_at)
            VALUES (?, 'default', 'bench-jdbc', 'cancelled', 'export default function () {}', '{}'::jsonb,
                    '{"env":"bench","source":"jdbc"}'::jsonb, 60, now(), now())""";

    private JdbcInserts() {
    }

    static String baseline(String url, int clients, Duration length) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        List<long[]> latencies = new ArrayList<>();
        AtomicReference<SQLException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            long[] own = new long[1_000_000];
            latencies.add(own);
            threads.add(Thread.ofVirtual().start(() -> insertUntil(url, end, own, failure)));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            return "direct JDBC insert failed: " + failure.get().getMessage();
        }
        long[] all = latencies.stream().flatMapToLong(own -> Arrays.stream(own).filter(nanos -> nanos > 0)).sorted().toArray();
        return "direct JDBC insert, %d connections (autocommit): %.0f inserts/s, p50=%.2f ms p99=%.2f ms".formatted(clients,
                all.length / (length.toNanos() / 1e9), all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6);
    }

    private static void insertUntil(String url, long end, long[] latencies, AtomicReference<SQLException> failure) {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (int n = 0; System.nanoTime() < end && n < latencies.length; n++) {
                long began = System.nanoTime();
                insert.setObject(1, UUID.randomUUID());
                insert.executeUpdate();
                latencies[n] = System.nanoTime() - began;
            }
        } catch (SQLException e) {
            failure.set(e);
        }
    }
}
