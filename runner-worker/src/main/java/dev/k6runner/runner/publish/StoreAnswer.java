package dev.k6runner.runner.publish;

/** What Postgres did with a finished result, a single run's or a segment's. */
public enum StoreAnswer {
    /** Stored now: the run (or segment) moved on and the analyzer may have to hear of it. */
    STORED,
    /** Stored before (a replay after a crash between the commit and the disk clean-up): nothing to do. */
    STORED_BEFORE,
    /** The attempt no longer held the run or segment (reaped, declared dead): kept in {@code orphan_results}. */
    ORPHANED,
    /** An orphan recorded before (a replay): nothing to do. */
    ORPHANED_BEFORE;

    public boolean accepted() {
        return this == STORED || this == STORED_BEFORE;
    }
}
