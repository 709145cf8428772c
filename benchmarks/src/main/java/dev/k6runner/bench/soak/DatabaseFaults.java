package dev.k6runner.bench.soak;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.k6runner.bench.process.Stack;
import dev.k6runner.testsupport.TcpProxy;
import dev.k6runner.testsupport.process.Sleep;

/**
 * The database faults that go through TCP proxies in front of Postgres (the soak's own checks bypass them): a
 * database that HANGS (every connection black-holed: accepted, never answered), one runner partitioned from
 * Postgres only, and an outage longer than the lease. A run that was running when such a fault began may end
 * {@code interrupted} (its lease could not be renewed: the runner must stop its k6 first); every other run must end
 * as its scenario says. After the long outage it measures how long the runs still queued then took to start, or,
 * where they outnumber the healthy slots, how long until every healthy slot was busy again (a run beyond the slots
 * waits for a slot, not for the outage).
 */
final class DatabaseFaults {

    private final Stack stack;
    private final TcpProxy everyService;
    private final Map<String, TcpProxy> runnerRoutes;
    private final Set<UUID> mayBeInterrupted = new HashSet<>();
    private final int healthySlots;
    private volatile long recoverySeconds = -1;

    /**
     * @param runnerRoutes each initial runner's own route to Postgres (through {@code everyService})
     * @param healthySlots the slots of the healthy runners (not the faulty ones, which take no runs)
     */
    DatabaseFaults(Stack stack, TcpProxy everyService, Map<String, TcpProxy> runnerRoutes, int healthySlots) {
        this.stack = stack;
        this.everyService = everyService;
        this.runnerRoutes = runnerRoutes;
        this.healthySlots = healthySlots;
    }

    /** Every service's database hangs (SIGSTOP-like: connections stay open, nothing answers) for {@code down}. */
    void hang(Duration down) throws SQLException {
        mayBeInterrupted.addAll(running(null));
        everyService.blackHole();
        try {
            Sleep.millis(down.toMillis());
        } finally {
            everyService.forward();
        }
    }

    /** One runner (not {@code killed}) loses Postgres only; it keeps Kafka and the target. Returns its name. */
    String partition(Duration down, String killed) throws SQLException {
        String victim = runnerRoutes.keySet().stream().filter(name -> !name.equals(killed)).sorted().findFirst().orElseThrow();
        TcpProxy route = runnerRoutes.get(victim);
        mayBeInterrupted.addAll(running(victim));
        route.cut();
        try {
            Sleep.millis(down.toMillis());
        } finally {
            route.forward();
        }
        return victim;
    }

    /** An outage longer than the lease; then how long until every run still queued when it ended has started. */
    void longOutage(Duration down) throws SQLException {
        mayBeInterrupted.addAll(running(null));
        everyService.blackHole();
        try {
            Sleep.millis(down.toMillis());
        } finally {
            everyService.forward();
        }
        long ended = System.nanoTime();
        List<UUID> waiting = queued();
        long deadline = ended + Duration.ofSeconds(180).toNanos();
        boolean recovered = waiting.isEmpty();
        while (!recovered && System.nanoTime() < deadline) {
            Sleep.millis(500);
            Set<UUID> still = new HashSet<>(queued());
            waiting = waiting.stream().filter(still::contains).toList();
            recovered = waiting.isEmpty() || running(null).size() >= healthySlots;
        }
        recoverySeconds = recovered ? (System.nanoTime() - ended) / 1_000_000_000L : -1;
    }

    Set<UUID> mayBeInterrupted() {
        return Set.copyOf(mayBeInterrupted);
    }

    /**
     * Seconds from the long outage's end until every run queued then had started or every healthy slot was busy;
     * -1 if not within 180 s.
     */
    long recoverySeconds() {
        return recoverySeconds;
    }

    private List<UUID> running(String runner) throws SQLException {
        return ids("SELECT id FROM runs WHERE status = 'running'" + (runner == null ? "" : " AND runner_id = ?"), runner);
    }

    private List<UUID> queued() throws SQLException {
        return ids("SELECT id FROM runs WHERE status = 'queued'", null);
    }

    private List<UUID> ids(String sql, String parameter) throws SQLException {
        try (Connection connection = stack.jdbc(); PreparedStatement query = connection.prepareStatement(sql)) {
            if (parameter != null) {
                query.setString(1, parameter);
            }
            List<UUID> ids = new java.util.ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
            }
            return ids;
        }
    }
}
