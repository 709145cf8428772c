package dev.k6runner.bench.soak;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.k6runner.bench.process.Stack;
import dev.k6runner.testsupport.process.ServiceProcess;
import dev.k6runner.testsupport.process.Sleep;

/**
 * The faults, one after another on a fixed schedule from the first submission: SIGKILL of a runner that holds
 * a long run, a broker restart, an analyzer restart, a short database outage (refused), a database that hangs
 * (10 s), one runner partitioned from Postgres only (20 s, beyond its 6 s lease), and an outage longer than the
 * lease (60 s, hanging). Records what it did and which runs were on the killed runner when it died.
 */
final class Faults {

    private final Stack stack;
    private final List<ServiceProcess> runners;
    private final long startNanos;
    private final DatabaseFaults database;
    private final List<String> done = new ArrayList<>();
    private final Set<UUID> onKilledRunner = new HashSet<>();
    private String killedRunner;

    Faults(Stack stack, List<ServiceProcess> runners, long startNanos, DatabaseFaults database) {
        this.stack = stack;
        this.runners = runners;
        this.startNanos = startNanos;
        this.database = database;
    }

    void run() {
        at(Duration.ofSeconds(12));
        step("kill-runner", this::killRunner);
        at(Duration.ofSeconds(35));
        step("kafka-restart", () -> stack.restartKafka(Duration.ofSeconds(3)));
        at(Duration.ofSeconds(55));
        step("analyzer-restart", () -> stack.restart(stack.analyzer()));
        at(Duration.ofSeconds(75));
        step("db-cut", () -> stack.cutDatabase(Duration.ofSeconds(3)));
        at(Duration.ofSeconds(90));
        step("db-hang", () -> database.hang(Duration.ofSeconds(10)));
        at(Duration.ofSeconds(108));
        step("db-partition", () -> done.add("partitioned=" + database.partition(Duration.ofSeconds(20), killedRunner)));
        at(Duration.ofSeconds(135));
        step("db-outage-60s", () -> database.longOutage(Duration.ofSeconds(60)));
    }

    List<String> done() {
        return List.copyOf(done);
    }

    /** A fault that could not be made: the soak then did not prove what it claims, so it fails. */
    boolean anyFailed() {
        return done.stream().anyMatch(step -> step.contains(":FAILED("));
    }

    Set<UUID> onKilledRunner() {
        return Set.copyOf(onKilledRunner);
    }

    String killedRunner() {
        return killedRunner;
    }

    private interface Step {
        void run() throws Exception;
    }

    private void step(String name, Step step) {
        long began = System.nanoTime();
        try {
            step.run();
            done.add(name + "@" + elapsed(startNanos) + "s(" + elapsed(began) + "s)");
        } catch (Exception e) {
            done.add(name + ":FAILED(" + e.getMessage() + ")");
            System.err.println("soak-detail: fault " + name + " failed: " + e);
        }
        System.err.println("soak-progress: " + done.getLast());
    }

    private void killRunner() throws SQLException {
        String victim = runnerHoldingALongRun();
        ServiceProcess process = runners.stream().filter(r -> r.name().equals(victim)).findFirst().orElseThrow();
        process.kill();
        killedRunner = victim;
        try (Connection connection = stack.jdbc();
             PreparedStatement running = connection.prepareStatement(
                     "SELECT id FROM runs WHERE runner_id = ? AND status = 'running'")) {
            running.setString(1, victim);
            try (ResultSet rows = running.executeQuery()) {
                while (rows.next()) {
                    onKilledRunner.add(rows.getObject(1, UUID.class));
                }
            }
        }
        ServiceProcess replacement = stack.startRunner("runner-" + (runners.size() + 1));
        runners.add(replacement);
    }

    /**
     * Waits (bounded) for one of the soak's own runners with a long run, so the kill lands mid-run; any busy one of
     * them otherwise. The faulty runners (intake-throws) also hold runs, but they are not the kill's to choose.
     */
    private String runnerHoldingALongRun() throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String[] ownRunners = runners.stream().map(ServiceProcess::name).toArray(String[]::new);
        try (Connection connection = stack.jdbc()) {
            while (System.nanoTime() < deadline) {
                try (PreparedStatement query = connection.prepareStatement("""
                        SELECT runner_id FROM runs WHERE status = 'running' AND runner_id = ANY (?)
                        GROUP BY runner_id ORDER BY count(*) FILTER (WHERE name = 'soak-long') DESC, count(*) DESC LIMIT 1""")) {
                    query.setArray(1, connection.createArrayOf("text", ownRunners));
                    try (ResultSet rows = query.executeQuery()) {
                        if (rows.next()) {
                            return rows.getString(1);
                        }
                    }
                }
                Sleep.millis(300);
            }
        }
        return ownRunners[0];
    }

    private void at(Duration offset) {
        long wait = startNanos + offset.toNanos() - System.nanoTime();
        if (wait > 0) {
            Sleep.millis(wait / 1_000_000);
        }
    }

    private static long elapsed(long fromNanos) {
        return (System.nanoTime() - fromNanos) / 1_000_000_000L;
    }
}
