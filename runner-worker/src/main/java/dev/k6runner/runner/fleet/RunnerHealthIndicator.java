package dev.k6runner.runner.fleet;

import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

import dev.k6runner.runner.execution.RunningRuns;
import dev.k6runner.runner.loops.LoopState;
import dev.k6runner.runner.loops.Loops;
import dev.k6runner.runner.quarantine.Quarantine;

/**
 * The runner as the registry shows it: k6 and its version, confinement, slots, its loops and its quarantine.
 * UP even when k6 is missing or confinement refused (the service runs and fails such runs at once, saying why); the
 * details say which. OUT_OF_SERVICE while quarantined (the details say why), DEGRADED while a loop waits to restart
 * after a failure, DOWN when a loop is stopped while the runner runs. Liveness and readiness do not include it, so
 * none of these restarts the pod: the loops heal themselves, and a quarantine keeps the host's evidence.
 */
@Component
final class RunnerHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "a runner loop failed and waits to restart");

    private final RunnerDescription description;
    private final RunningRuns runs;
    private final Loops loops;
    private final Quarantine quarantine;

    public RunnerHealthIndicator(RunnerDescription description, RunningRuns runs, Loops loops, Quarantine quarantine) {
        this.description = description;
        this.runs = runs;
        this.loops = loops;
        this.quarantine = quarantine;
    }

    @Override
    public Health health() {
        Map<String, LoopState> states = loops.states();
        Health.Builder health = Health.status(status(states))
                .withDetail("id", description.id())
                .withDetail("host", description.host())
                .withDetail("k6", Map.of(
                        "available", description.k6Available(),
                        "binary", description.k6Binary(),
                        "version", description.k6Version() == null ? "" : description.k6Version()))
                .withDetail("confinement", description.confinement())
                .withDetail("acceptsRuns", description.acceptsRuns() && !quarantine.active()
                        && states.getOrDefault(Loops.INTAKE, LoopState.RUNNING) == LoopState.RUNNING)
                .withDetail("slots", description.capacity())
                .withDetail("busy", runs.size())
                .withDetail("loops", states);
        quarantine.state().ifPresent(state -> health.withDetail("quarantine", Map.of(
                "since", state.since().toString(), "reason", state.reason())));
        return health.build();
    }

    private Status status(Map<String, LoopState> states) {
        if (quarantine.active()) {
            return Status.OUT_OF_SERVICE;
        }
        if (states.containsValue(LoopState.RESTARTING)) {
            return DEGRADED;
        }
        // before the lifecycle starts the loops (and after it stops them) every loop is STOPPED: only some stopped is wrong
        boolean someStopped = states.containsValue(LoopState.STOPPED);
        return someStopped && states.containsValue(LoopState.RUNNING) ? Status.DOWN : Status.UP;
    }
}
