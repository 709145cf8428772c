package dev.k6runner.runner.execution;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.k6runner.runner.claim.ClaimedRun;

/** The runs this runner holds now: what the heartbeat extends, cancels reach, and shutdown waits for. */
public final class RunningRuns {

    private final Map<UUID, RunningRun> runs = new ConcurrentHashMap<>();

    RunningRun add(ClaimedRun claim) {
        RunningRun run = new RunningRun(claim);
        runs.put(claim.runId(), run);
        return run;
    }

    void remove(RunningRun run) {
        runs.remove(run.runId(), run);
    }

    public Optional<RunningRun> get(UUID runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    public Collection<RunningRun> all() {
        return List.copyOf(runs.values());
    }

    public int size() {
        return runs.size();
    }
}
