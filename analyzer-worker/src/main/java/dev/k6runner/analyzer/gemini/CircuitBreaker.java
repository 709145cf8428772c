package dev.k6runner.analyzer.gemini;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Opens after {@code threshold} consecutive failures and skips Gemini for {@code openFor}; then
 * lets one trial through (half-open): success closes it, failure opens it again.
 */
public final class CircuitBreaker {

    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private int consecutiveFailures;
    private Instant openUntil;
    private boolean trialInFlight;

    public CircuitBreaker(int threshold, Duration openFor, Clock clock) {
        this.threshold = threshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    public synchronized boolean allowsCall() {
        if (openUntil == null) {
            return true;
        }
        if (clock.instant().isBefore(openUntil) || trialInFlight) {
            return false;
        }
        trialInFlight = true;
        return true;
    }

    public synchronized void recordSuccess() {
        consecutiveFailures = 0;
        openUntil = null;
        trialInFlight = false;
    }

    public synchronized void recordFailure() {
        consecutiveFailures++;
        trialInFlight = false;
        if (consecutiveFailures >= threshold) {
            openUntil = clock.instant().plus(openFor);
        }
    }

    public synchronized boolean isOpen() {
        return openUntil != null && clock.instant().isBefore(openUntil);
    }
}
