package dev.k6runner.runner.execution;

import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.k6runner.runner.claim.ClaimedRun;

/** The runs this runner holds now: what the heartbeat extends, cancels reach, and shutdown waits for. */
@Component
public final class RunningRuns {

    private final Map<UUID, RunningRun> runs = new ConcurrentHashMap<>();
    /** Slot indexes in use: each run gets the lowest free one, so a confined k6's identity is its slot's. */
    private final BitSet slotsInUse = new BitSet();

    RunningRun add(ClaimedRun claim) {
        RunningRun run;
        synchronized (slotsInUse) {
            int slot = slotsInUse.nextClearBit(0);
            slotsInUse.set(slot);
            run = new RunningRun(claim, slot);
        }
        runs.put(claim.runId(), run);
        return run;
    }

    void remove(RunningRun run) {
        runs.remove(run.runId(), run);
        synchronized (slotsInUse) {
            slotsInUse.clear(run.slot());
        }
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
