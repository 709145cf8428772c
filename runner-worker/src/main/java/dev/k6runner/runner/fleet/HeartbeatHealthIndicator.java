package dev.k6runner.runner.fleet;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code heartbeat} health component: DOWN while the runner's heartbeat hangs or keeps failing (a hung or
 * unreachable database), so the service says so instead of looking fine while the reaper counts it dead. Only the
 * overall health, not liveness: restarting the runner would not bring the database back and would kill its k6.
 */
@Component
final class HeartbeatHealthIndicator implements HealthIndicator {

    private final Heartbeat heartbeat;

    HeartbeatHealthIndicator(Heartbeat heartbeat) {
        this.heartbeat = heartbeat;
    }

    @Override
    public Health health() {
        HeartbeatWatch.Verdict verdict = heartbeat.watch().verdict();
        return (verdict.current() ? Health.up() : Health.down()).withDetails(verdict.details()).build();
    }
}
