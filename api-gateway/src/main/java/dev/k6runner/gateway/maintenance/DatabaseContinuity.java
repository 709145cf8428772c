package dev.k6runner.gateway.maintenance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Since when this gateway has seen the database answer without a break. A break is a failed pass; a probe that
 * waited longer than {@code blindAfter} for its answer (the pool waits for a connection, up to its connection
 * timeout, while the database is away, so a pass that starts during a short outage succeeds once it is back, without
 * any failure to tell of it); or a probe that came more than {@code blindAfter} later than its interval after the
 * previous answer: the maintenance passes share one thread, so another pass that sat through a hung database held
 * the probe back, and the database was not seen meanwhile. In none of these could the runners be seen to renew.
 */
final class DatabaseContinuity {

    private final Clock clock;
    private final Duration blindAfter;
    private final Duration longestGap;
    private Instant reachableSince;
    private Instant lastSeen;

    /** @param interval how often the probe runs (the maintenance interval) */
    DatabaseContinuity(Clock clock, Duration blindAfter, Duration interval) {
        this.clock = clock;
        this.blindAfter = blindAfter;
        this.longestGap = interval.plus(blindAfter);
    }

    synchronized void failed() {
        reachableSince = null;
    }

    /** A probe got the database's answer after waiting {@code waited} for it (its connection included). */
    synchronized void seen(Duration waited) {
        Instant now = clock.instant();
        boolean heldBack = lastSeen != null && Duration.between(lastSeen, now).compareTo(longestGap) > 0;
        if (reachableSince == null || heldBack || waited.compareTo(blindAfter) > 0) {
            reachableSince = now;
        }
        lastSeen = now;
    }

    synchronized boolean reachableFor(Duration period) {
        return reachableSince != null && !clock.instant().isBefore(reachableSince.plus(period));
    }
}
