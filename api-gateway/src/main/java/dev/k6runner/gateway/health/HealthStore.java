package dev.k6runner.gateway.health;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.k6runner.gateway.GatewayProperties;

/** The runners' heartbeats (table {@code runners}), as the health check reports them. */
@Repository
class HealthStore {

    record Runner(String id, String host, String k6Version, boolean k6Available, String confinement, int capacity,
                  int busy, boolean acceptsRuns, Instant lastHeartbeat) {
    }

    private final JdbcClient jdbc;
    private final GatewayProperties.Fleet fleet;

    HealthStore(JdbcClient jdbc, GatewayProperties properties) {
        this.jdbc = jdbc;
        this.fleet = properties.fleet();
    }

    /** The runners whose last heartbeat is within {@code fleet.runner-alive-window}; throws when the database is down. */
    List<Runner> aliveRunners() {
        return jdbc.sql("""
                SELECT id, host, k6_version, k6_available, confinement, capacity, busy, accepts_runs, last_heartbeat
                FROM runners WHERE last_heartbeat > now() - make_interval(secs => :window) ORDER BY id""")
                .params(Map.of("window", (double) fleet.runnerAliveWindow().toMillis() / 1000))
                .query(Runner.class).list();
    }
}
