package dev.k6runner.runner.execution;

import dev.k6runner.model.RunStatus;

/** Why the runner stopped a k6 before it ended by itself; each maps to the run's outcome. */
public enum StopReason {
    CANCEL(RunStatus.CANCELLED, "cancelled by a user"),
    TIME_LIMIT(RunStatus.TIMED_OUT, "the run's time limit was reached"),
    SHUTDOWN(RunStatus.INTERRUPTED, "the runner shut down"),
    LEASE_LOST(RunStatus.INTERRUPTED, "the runner lost its lease on the run"),
    /** Self-fencing: no renewal reached the database, so k6 stops before the reaper could interrupt the run. */
    SELF_FENCED(RunStatus.INTERRUPTED, "the runner lost contact with the database and stopped k6 before its lease expired"),
    /** A test on several runners: another of its segments failed, was cancelled or lost its runner. */
    SEGMENT_BROKE(RunStatus.INTERRUPTED, "another segment of the test ended"),
    /**
     * A test on several runners: a threshold with abortOnFail was crossed on its merged data. As when one k6 aborts
     * on a threshold, a verdict, not a failure: the segment completed (the test's exit code is 99).
     */
    MERGED_THRESHOLDS(RunStatus.COMPLETED, "a threshold with abortOnFail was crossed on the test's merged data");

    private final RunStatus outcome;
    private final String who;

    StopReason(RunStatus outcome, String who) {
        this.outcome = outcome;
        this.who = who;
    }

    public RunStatus outcome() {
        return outcome;
    }

    public String who() {
        return who;
    }
}
