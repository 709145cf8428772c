package dev.k6runner.platform.queue;

import java.util.Objects;

/**
 * One team's queued runs in aggregate, as seen from one queued run {@code r}: enough for {@link FairOrder#position}
 * to place {@code r} without reading every queued run.
 *
 * @param load   the team's weight, running limit and running count
 * @param queued how many runs the team has queued
 * @param before how many of them were submitted before {@code r} (submission time, then id); for {@code r}'s own
 *               team this is {@code r}'s rank in the team's FIFO (0 = its oldest queued run)
 */
public record TeamQueue(TeamLoad load, long queued, long before) {

    public TeamQueue {
        Objects.requireNonNull(load, "load");
        if (queued < 0 || before < 0 || before > queued) {
            throw new IllegalArgumentException("need 0 <= before <= queued, was before=" + before + " queued=" + queued);
        }
    }

    /** How many of the team's queued runs start before any run it holds back at its running limit. */
    long startable() {
        Integer limit = load.maxRunning();
        return limit == null ? queued : Math.clamp((long) limit - load.running(), 0, queued);
    }
}
