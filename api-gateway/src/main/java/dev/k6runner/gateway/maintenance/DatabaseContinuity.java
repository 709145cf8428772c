package dev.k6runner.gateway.maintenance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** How long the database has been reachable without a failed pass, counted from start. */
final class DatabaseContinuity {

    private final Clock clock;
    private volatile Instant reachableSince;

    DatabaseContinuity(Clock clock) {
        this.clock = clock;
        this.reachableSince = clock.instant();
    }

    void failed() {
        reachableSince = clock.instant();
    }

    boolean reachableFor(Duration period) {
        return !clock.instant().isBefore(reachableSince.plus(period));
    }
}
