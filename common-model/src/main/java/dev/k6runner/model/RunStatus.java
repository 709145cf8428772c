package dev.k6runner.model;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The life of a run. Every stage moves a run only along these edges, and every move is a
 * conditional update in Postgres ({@code WHERE status = <from>}), so two workers can never
 * both win the same move.
 *
 * <pre>
 * queued ──► running ──► analyzing ──► completed | failed | cancelled | timed_out
 *   │  ▲        ├──► interrupted (lease expired)
 *   │  └────────┘ returned: the runner could not start k6 on its host (its own fault, not the script's)
 *   └──► cancelled (before any runner took it)
 * </pre>
 *
 * A run goes back to queued only from running and only before any k6 of it started (its runner's host failed to
 * prepare it: full disk, broken work folder, no k6), so a run still never runs twice.
 */
public enum RunStatus {
    QUEUED, RUNNING, ANALYZING, COMPLETED, FAILED, CANCELLED, TIMED_OUT, INTERRUPTED;

    private static final Set<RunStatus> TERMINAL = EnumSet.of(COMPLETED, FAILED, CANCELLED, TIMED_OUT, INTERRUPTED);

    /** The lower-case name used in the HTTP contract and in the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromWire(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** Active runs count against a team's quota. */
    public boolean isActive() {
        return this == QUEUED || this == RUNNING;
    }

    public Set<RunStatus> allowedNext() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, CANCELLED);
            case RUNNING -> EnumSet.of(ANALYZING, INTERRUPTED, QUEUED);
            // The runner decides the outcome (cancelled, timed out, failed); the analyzer stores it.
            case ANALYZING -> EnumSet.of(COMPLETED, FAILED, CANCELLED, TIMED_OUT, INTERRUPTED);
            default -> EnumSet.noneOf(RunStatus.class);
        };
    }

    public boolean canMoveTo(RunStatus next) {
        return allowedNext().contains(next);
    }
}
