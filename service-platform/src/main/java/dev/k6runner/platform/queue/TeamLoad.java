package dev.k6runner.platform.queue;

import java.util.Objects;

/**
 * What the fair-share policy knows of a team at one moment.
 *
 * @param teamId     the team
 * @param weight     its share relative to other teams (1 or more)
 * @param maxRunning how many runner slots it may hold at once; {@code null} = unlimited
 * @param running    how many slots it holds now (its runs with status running)
 */
public record TeamLoad(String teamId, int weight, Integer maxRunning, int running) {

    public TeamLoad {
        Objects.requireNonNull(teamId, "teamId");
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be 1 or more, was " + weight);
        }
        if (maxRunning != null && maxRunning < 0) {
            throw new IllegalArgumentException("maxRunning must be null (unlimited) or 0 or more, was " + maxRunning);
        }
        if (running < 0) {
            throw new IllegalArgumentException("running must be 0 or more, was " + running);
        }
    }

    /** Whether the team may take one more slot when it already holds {@code holding}. */
    boolean mayStartWith(int holding) {
        return maxRunning == null || holding < maxRunning;
    }
}
