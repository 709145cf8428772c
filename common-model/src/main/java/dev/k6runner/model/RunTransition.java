package dev.k6runner.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * The one description of every move a run makes: from which status, to which, and which service
 * makes it. Each move is one conditional update in Postgres; its statement names the statuses
 * only as {@code {from}} and {@code {to}}, which {@link #render(String)} fills in, so no
 * statement can move a run along an edge that {@link RunStatus#allowedNext()} does not hold.
 *
 * <p>The statuses are rendered as SQL literals, not bound as parameters, so each statement stays
 * the text it was and keeps matching the partial indexes on {@code status}.
 */
public enum RunTransition {
    /** A runner takes a queued run. */
    CLAIM(RunStatus.QUEUED, RunStatus.RUNNING, Actor.RUNNER),
    /** A user cancels a run no runner has taken yet. */
    CANCEL_QUEUED(RunStatus.QUEUED, RunStatus.CANCELLED, Actor.GATEWAY),
    /**
     * A runner gives back a run it claimed but could not start k6 for, through its host's own fault (quarantine):
     * the run never started, so it waits for a healthy runner.
     */
    RETURN_UNSTARTED(RunStatus.RUNNING, RunStatus.QUEUED, Actor.RUNNER),
    /** A runner stores the result of k6 and hands the run to the analyzer. */
    PUBLISH(RunStatus.RUNNING, RunStatus.ANALYZING, Actor.RUNNER),
    /** The gateway's reaper ends a run whose runner stopped renewing its lease. */
    REAP(RunStatus.RUNNING, RunStatus.INTERRUPTED, Actor.GATEWAY),
    /** The analyzer stores the outcome the runner decided. */
    FINISH_COMPLETED(RunStatus.ANALYZING, RunStatus.COMPLETED, Actor.ANALYZER),
    FINISH_FAILED(RunStatus.ANALYZING, RunStatus.FAILED, Actor.ANALYZER),
    FINISH_CANCELLED(RunStatus.ANALYZING, RunStatus.CANCELLED, Actor.ANALYZER),
    FINISH_TIMED_OUT(RunStatus.ANALYZING, RunStatus.TIMED_OUT, Actor.ANALYZER),
    FINISH_INTERRUPTED(RunStatus.ANALYZING, RunStatus.INTERRUPTED, Actor.ANALYZER);

    private static final String FROM = "{from}";
    private static final String TO = "{to}";

    private final RunStatus from;
    private final RunStatus to;
    private final Actor actor;

    RunTransition(RunStatus from, RunStatus to, Actor actor) {
        this.from = from;
        this.to = to;
        this.actor = actor;
    }

    public RunStatus from() {
        return from;
    }

    public RunStatus to() {
        return to;
    }

    public Actor actor() {
        return actor;
    }

    /** The analyzer's move that stores a run's outcome. */
    public static RunTransition finish(RunStatus outcome) {
        return Arrays.stream(values())
                .filter(t -> t.actor == Actor.ANALYZER && t.from == RunStatus.ANALYZING && t.to == outcome)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no analyzer move from analyzing to " + outcome));
    }

    /**
     * The statement with {@code {from}} and {@code {to}} replaced by this move's statuses as SQL
     * literals. A statement without both is refused: a move sets the new status and is conditional
     * on the old one.
     */
    public String render(String sql) {
        Objects.requireNonNull(sql, "sql");
        if (!sql.contains(FROM) || !sql.contains(TO)) {
            throw new IllegalArgumentException(name() + ": a move must set status = {to} and require status = {from}: " + sql);
        }
        return sql.replace(FROM, literal(from)).replace(TO, literal(to));
    }

    private static String literal(RunStatus status) {
        return "'" + status.wireName() + "'";
    }
}
