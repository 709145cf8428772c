package dev.k6runner.runner.fleet;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The heartbeat's own watchdog, read by health and needing no database: when the runner's heartbeat last got
 * through, and since when a round has been under way. A round that hangs, or rounds that keep failing, for longer
 * than {@code staleAfter} make the runner's health DOWN, saying which, so an operator (and a load balancer) sees a
 * runner that the reaper is about to consider dead; it turns UP by itself with the next successful beat.
 */
final class HeartbeatWatch {

    private static final long IDLE = Long.MIN_VALUE;

    private final long staleAfterNanos;
    private final LongSupplier clock;
    private volatile long lastSuccess = IDLE;
    private volatile long roundStarted = IDLE;
    private volatile String lastError = "";

    HeartbeatWatch(Duration staleAfter, LongSupplier clock) {
        this.staleAfterNanos = staleAfter.toNanos();
        this.clock = clock;
    }

    /** Three heartbeat intervals: one failed or slow beat is a blip, three in a row are not. */
    static Duration staleAfter(Duration heartbeatInterval) {
        return heartbeatInterval.multipliedBy(3);
    }

    /** The runner registered: the clock starts, as if that were a beat. */
    void started() {
        lastSuccess = clock.getAsLong();
    }

    void roundStarted() {
        roundStarted = clock.getAsLong();
    }

    void succeeded() {
        lastSuccess = clock.getAsLong();
        lastError = "";
    }

    void failed(String reason) {
        lastError = reason == null ? "" : reason;
    }

    void roundEnded() {
        roundStarted = IDLE;
    }

    /** What health shows: whether the heartbeat is current, and the figures that say so. */
    Verdict verdict() {
        long now = clock.getAsLong();
        long success = lastSuccess;
        long round = roundStarted;
        if (success == IDLE) {
            return new Verdict(true, Map.of("state", "not started"));
        }
        long sinceSuccess = now - success;
        long roundRunning = round == IDLE ? 0 : now - round;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lastSuccessMsAgo", TimeUnit.NANOSECONDS.toMillis(sinceSuccess));
        details.put("roundRunningMs", TimeUnit.NANOSECONDS.toMillis(roundRunning));
        details.put("staleAfterMs", TimeUnit.NANOSECONDS.toMillis(staleAfterNanos));
        boolean hung = roundRunning > staleAfterNanos;
        boolean failing = sinceSuccess > staleAfterNanos;
        details.put("state", hung ? "hung" : failing ? "failing" : "current");
        if (!lastError.isEmpty()) {
            details.put("lastError", lastError);
        }
        return new Verdict(!hung && !failing, details);
    }

    record Verdict(boolean current, Map<String, Object> details) {
    }
}
