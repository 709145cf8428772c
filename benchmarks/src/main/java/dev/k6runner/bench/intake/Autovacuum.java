package dev.k6runner.bench.intake;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.k6runner.testsupport.process.Sleep;

/**
 * What autovacuum did to the tables meanwhile: the passes it finished over one load (from {@code pg_stat_user_tables},
 * whose counters lag by up to half a second) and the one still running at its end ({@code pg_stat_progress_vacuum}),
 * so a figure taken while it vacuumed {@code runs} says so; and a wait until it has vacuumed and analysed a grown
 * {@code runs}, since a million runs inserted by one statement are vacuumed at once, which a real install, filled over
 * months, never sees.
 */
final class Autovacuum {

    private static final String PASSES = "SELECT relname, autovacuum_count, autoanalyze_count FROM pg_stat_user_tables";

    private final Map<String, long[]> atStart;

    private Autovacuum(Map<String, long[]> atStart) {
        this.atStart = atStart;
    }

    static Autovacuum watch(Connection connection) throws SQLException {
        return new Autovacuum(passes(connection));
    }

    /** @return e.g. "runs: vacuumed 1, analysed 1; still vacuuming runs (scanning heap)", empty when it did nothing */
    Optional<String> since(Connection connection) throws SQLException {
        List<String> done = new ArrayList<>();
        passes(connection).forEach((table, now) -> {
            long[] before = atStart.getOrDefault(table, new long[2]);
            if (now[0] > before[0] || now[1] > before[1]) {
                done.add("%s: vacuumed %d, analysed %d".formatted(table, now[0] - before[0], now[1] - before[1]));
            }
        });
        done.sort(null);
        try (Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery("""
                SELECT c.relname, p.phase FROM pg_stat_progress_vacuum p JOIN pg_class c ON c.oid = p.relid""")) {
            while (rs.next()) {
                done.add("still vacuuming %s (%s)".formatted(rs.getString(1), rs.getString(2)));
            }
        }
        return done.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", done));
    }

    /**
     * Waits until autovacuum has vacuumed and analysed {@code runs} after this call (by the database's clock) and no
     * vacuum of it runs, at most {@code atMost}; @return how long it waited, or empty when it gave up
     */
    static Optional<Duration> awaitPassOverRuns(Connection connection, Duration atMost) throws SQLException {
        long start = System.nanoTime();
        try (var settled = connection.prepareStatement("""
                SELECT s.last_autovacuum > ? AND s.last_autoanalyze > ?
                       AND NOT EXISTS (SELECT 1 FROM pg_stat_progress_vacuum p WHERE p.relid = s.relid)
                FROM pg_stat_user_tables s WHERE s.relname = 'runs'""")) {
            Timestamp since = databaseNow(connection);
            settled.setTimestamp(1, since);
            settled.setTimestamp(2, since);
            while (System.nanoTime() - start < atMost.toNanos()) {
                try (ResultSet rs = settled.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return Optional.of(Duration.ofNanos(System.nanoTime() - start));
                    }
                }
                Sleep.millis(1000);
            }
        }
        return Optional.empty();
    }

    private static Timestamp databaseNow(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery("SELECT now()")) {
            rs.next();
            return rs.getTimestamp(1);
        }
    }

    private static Map<String, long[]> passes(Connection connection) throws SQLException {
        Map<String, long[]> passes = new HashMap<>();
        try (Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery(PASSES)) {
            while (rs.next()) {
                passes.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
            }
        }
        return passes;
    }
}
