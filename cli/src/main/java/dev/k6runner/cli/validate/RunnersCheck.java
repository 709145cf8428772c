package dev.k6runner.cli.validate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * At least one runner heartbeats and has k6. Read from the {@code runners} table, else from the
 * gateway's health document when the database cannot be read from here.
 */
final class RunnersCheck {

    private static final String START_HINT = "start runner-worker (scripts/run-local.sh starts one) and check its log";

    private final DatabaseTarget database;
    private final Duration timeout;
    private final Duration maxAge;
    private final Supplier<String> gatewayHealth;

    RunnersCheck(DatabaseTarget database, Duration timeout, Duration maxAge, Supplier<String> gatewayHealth) {
        this.database = database;
        this.timeout = timeout;
        this.maxAge = maxAge;
        this.gatewayHealth = gatewayHealth;
    }

    record Runner(String id, String host, String k6Version, boolean k6Available, String confinement, boolean acceptsRuns,
                  int capacity, int busy) {
    }

    CheckResult check() {
        if (database != null) {
            try (Connection connection = database.connect(DatabaseCheck.seconds(timeout))) {
                if (DatabaseCheck.tableExists(connection, "runners")) {
                    return verdict(aliveRunners(connection), "runners table");
                }
            } catch (SQLException e) {
                // fall back to the gateway below
            }
        }
        return fromGateway();
    }

    private List<Runner> aliveRunners(Connection connection) throws SQLException {
        List<Runner> runners = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, host, k6_version, k6_available, confinement, accepts_runs, capacity, busy FROM runners "
                     + "WHERE last_heartbeat > now() - make_interval(secs => " + maxAge.toSeconds() + ") "
                     + "ORDER BY last_heartbeat DESC")) {
            while (rows.next()) {
                runners.add(new Runner(rows.getString(1), rows.getString(2), rows.getString(3), rows.getBoolean(4),
                        rows.getString(5), rows.getBoolean(6), rows.getInt(7), rows.getInt(8)));
            }
        }
        return runners;
    }

    private CheckResult fromGateway() {
        String body = gatewayHealth == null ? null : gatewayHealth.get();
        if (body == null) {
            return CheckResult.fail("runners", "cannot tell: neither the runners table nor the gateway's health endpoint can be read; "
                    + "fix the database check above or start the gateway");
        }
        List<Runner> runners = new ArrayList<>();
        try {
            JsonNode health = JsonMapper.builder().build().readTree(body);
            for (JsonNode runner : health.path("runners").values()) {
                String version = runner.path("k6_version").isString() ? runner.path("k6_version").asString() : null;
                runners.add(new Runner(runner.path("id").asString(""), runner.path("host").asString(""), version, version != null,
                        runner.path("confinement").asString("unknown"), runner.path("accepts_runs").asBoolean(true),
                        runner.path("capacity").asInt(0), runner.path("busy").asInt(0)));
            }
        } catch (JacksonException e) {
            return CheckResult.fail("runners", "the gateway's health endpoint did not answer JSON: check the gateway URL (--url)");
        }
        return verdict(runners, "gateway health");
    }

    CheckResult verdict(List<Runner> alive, String source) {
        if (alive.isEmpty()) {
            return CheckResult.fail("runners", "no runner heartbeat in the last " + maxAge.toSeconds() + " s (" + source + "): " + START_HINT);
        }
        List<Runner> accepting = alive.stream().filter(Runner::acceptsRuns).toList();
        if (accepting.isEmpty()) {
            return CheckResult.fail("runners", alive.size() + " runner(s) alive but refusing runs (" + alive.getFirst().confinement()
                    + "): install bubblewrap (bwrap) on the runner hosts, or set K6RUNNER_RUNNER_CONFINEMENT_REQUIRED=false "
                    + "where every script is trusted");
        }
        List<Runner> withK6 = accepting.stream().filter(Runner::k6Available).toList();
        if (withK6.isEmpty()) {
            return CheckResult.fail("runners", alive.size() + " runner(s) alive but none found k6: install k6 on the runner hosts "
                    + "or set K6_BINARY there, then restart runner-worker");
        }
        int slots = withK6.stream().mapToInt(Runner::capacity).sum();
        int busy = withK6.stream().mapToInt(Runner::busy).sum();
        String summary = withK6.size() + " runner(s) alive with k6 (" + source + "), " + busy + "/" + slots + " slots busy; "
                + withK6.stream().map(r -> r.host() + " k6 " + r.k6Version() + " confinement " + r.confinement())
                .distinct().limit(3).toList();
        boolean unconfined = withK6.stream().anyMatch(r -> r.confinement() != null && r.confinement().startsWith("none"));
        if (unconfined) {
            return CheckResult.warn("runners", summary + "; a runner runs k6 WITHOUT confinement: install bubblewrap (bwrap) "
                    + "before accepting untrusted scripts");
        }
        return CheckResult.ok("runners", summary);
    }
}
