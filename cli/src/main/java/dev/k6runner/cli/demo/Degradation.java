package dev.k6runner.cli.demo;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The latency of {@code /degrading}: {@code base + step × (n / per)} milliseconds for the n-th
 * request since start or {@code /reset}, capped at {@code max}. With the defaults (5 ms, +1 ms
 * every 10 requests, at most 2 s) a few thousand requests turn a fast endpoint into a slow one.
 */
final class Degradation {

    private final AtomicLong requests = new AtomicLong();

    long nextDelayMillis(Query query) {
        long n = requests.getAndIncrement();
        long base = query.millis("base", 5);
        long step = query.millis("step", 1);
        long per = Math.max(1, query.millis("per", 10));
        long max = query.millis("max", 2000);
        return Math.min(max, base + step * (n / per));
    }

    void reset() {
        requests.set(0);
    }
}
