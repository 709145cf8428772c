package dev.k6runner.bench.soak;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code load_after_interrupted}: requests the soak's target received from a run's k6 after Postgres marked that run
 * {@code interrupted} (its {@code finished_at}). Once the gateway has given a run up, its k6 must be gone: the
 * runner stops it before the lease expires (self-fencing). One beacon interval of slack covers a request already
 * on its way when the process ended; both clocks are this host's.
 */
final class LoadAfterInterrupted {

    static final Duration IN_FLIGHT = Duration.ofMillis(1500);

    private LoadAfterInterrupted() {
    }

    static int count(Connection db, Map<UUID, List<Instant>> arrivals, List<String> problems) throws SQLException {
        int late = 0;
        try (Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, finished_at FROM runs WHERE status = 'interrupted'")) {
            while (rows.next()) {
                UUID id = rows.getObject(1, UUID.class);
                Instant interrupted = rows.getTimestamp(2).toInstant();
                List<Instant> after = arrivals.getOrDefault(id, List.of()).stream()
                        .filter(arrival -> arrival.isAfter(interrupted.plus(IN_FLIGHT))).toList();
                if (!after.isEmpty()) {
                    late += after.size();
                    problems.add("load after interrupted: " + id + " got " + after.size() + " request(s) after "
                            + interrupted + ", the last at " + after.getLast());
                }
            }
        }
        return late;
    }
}
