package dev.k6runner.runner.fleet;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import org.springframework.stereotype.Component;

import dev.k6runner.runner.execution.RunningRuns;

/**
 * The runner as the registry shows it: k6 and its version, confinement, slots. UP even when k6 is missing or
 * confinement refused (the service runs and fails such runs at once, saying why); the details say which.
 */
@Component
final class RunnerHealthIndicator implements HealthIndicator {

    private final RunnerDescription description;
    private final RunningRuns runs;

    public RunnerHealthIndicator(RunnerDescription description, RunningRuns runs) {
        this.description = description;
        this.runs = runs;
    }

    @Override
    public Health health() {
        return Health.up()
                .withDetail("id", description.id())
                .withDetail("host", description.host())
                .withDetail("k6", java.util.Map.of(
                        "available", description.k6Available(),
                        "binary", description.k6Binary(),
                        "version", description.k6Version() == null ? "" : description.k6Version()))
                .withDetail("confinement", description.confinement())
                .withDetail("acceptsRuns", description.acceptsRuns())
                .withDetail("slots", description.capacity())
                .withDetail("busy", runs.size())
                .build();
    }
}
