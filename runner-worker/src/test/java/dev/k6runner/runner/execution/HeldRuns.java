package dev.k6runner.runner.execution;

import dev.k6runner.runner.claim.ClaimedRun;

/** For tests of other packages: a run held as the executor holds it (without starting k6), and its k6's end. */
public final class HeldRuns {

    private HeldRuns() {
    }

    public static RunningRun hold(RunningRuns runs, ClaimedRun claim) {
        return runs.add(claim);
    }

    public static void k6Ended(RunningRun run) {
        run.k6Ended();
    }
}
