package dev.k6runner.gateway.maintenance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Since when this gateway has seen the database answer without a break. A break is a failed pass, or a probe that
 * waited longer than {@code blindAfter} for its answer: the pool waits for a connection (up to its connection
 * timeout) while the database is away, so a pass that starts during a short outage succeeds once it is back,
 * without any failure to tell of it; neither could the runners renew their leases meanwhile.
 */
final class DatabaseContinuity {

    private final Clock clock;
    private final Duration blindAfter;
    private Instant reachableSince;

    DatabaseContinuity(Clock clock, Duration blindAfter) {
        this.clock = clock;
        this.blindAfter = blindAfter;
    }

    synchronized void failed() {
        reachableSince = null;
    }

    /** A probe got the database's answer after waiting {@code waited} for it (its connection included). */
    synchronized void seen(Duration waited) {
        if (reachableSince == null || waited.compareTo(blindAfter) > 0) {
            reachableSince = clock.instant();
        }
    }

    synchronized boolean reachableFor(Duration period) {
        return reachableSince != null && !clock.instant().isBefore(reachableSince.plus(period));
    }
}
