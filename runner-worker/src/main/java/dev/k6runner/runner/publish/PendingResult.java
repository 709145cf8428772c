package dev.k6runner.runner.publish;

import java.time.Instant;

import dev.k6runner.model.RunFinished;

/**
 * A finished result on its way to Postgres, as the outbox keeps it on disk ({@link ResultOutbox}).
 *
 * @param result      a single run's result, or a segment's ({@link RunFinished#segment()} set)
 * @param k6StartedAt when a segment's k6 really started (its start skew is measured from it); null for a single run
 *                    and for a segment whose k6 never started
 */
public record PendingResult(RunFinished result, Instant k6StartedAt) {

    public static PendingResult of(RunFinished singleRun) {
        return new PendingResult(singleRun, null);
    }
}
