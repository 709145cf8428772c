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

    /** A run, or one segment of a test on several runners (this runner may hold more than one of a test's segments). */
    private record Key(UUID runId, int segment) {

        static Key of(ClaimedRun claim) {
            return new Key(claim.runId(), claim.segment() == null ? -1 : claim.segment().index());
        }
    }

    private final Map<Key, RunningRun> runs = new ConcurrentHashMap<>();
    /** Slot indexes in use: each run gets the lowest free one, so a confined k6's identity is its slot's. */
    private final BitSet slotsInUse = new BitSet();

    RunningRun add(ClaimedRun claim) {
        RunningRun run;
        synchronized (slotsInUse) {
            int slot = slotsInUse.nextClearBit(0);
            slotsInUse.set(slot);
            run = new RunningRun(claim, slot);
        }
        runs.put(Key.of(claim), run);
        return run;
    }

    void remove(RunningRun run) {
        runs.remove(Key.of(run.claim()), run);
        synchronized (slotsInUse) {
            slotsInUse.clear(run.slot());
        }
    }

    /** The run, or the first of its segments held here; {@link #allOf} gives every segment. */
    public Optional<RunningRun> get(UUID runId) {
        return allOf(runId).stream().findFirst();
    }

    /** Everything held here of this run: the run, or each of its segments held here. */
    public List<RunningRun> allOf(UUID runId) {
        return runs.entrySet().stream().filter(entry -> entry.getKey().runId().equals(runId)).map(Map.Entry::getValue).toList();
    }

    /** One segment of a test held here. */
    public Optional<RunningRun> segment(UUID runId, int index) {
        return Optional.ofNullable(runs.get(new Key(runId, index)));
    }

    public Collection<RunningRun> all() {
        return List.copyOf(runs.values());
    }

    public int size() {
        return runs.size();
    }
}
