package dev.k6runner.bench.stats;

import java.util.ArrayList;
import java.util.List;

/** Latencies of one operation from many threads, and how long the whole batch took, for a rate. */
public final class Recorder {

    private final List<Double> millis = new ArrayList<>();
    private int errors;
    private long startNanos = System.nanoTime();
    private long endNanos;

    public synchronized void start() {
        startNanos = System.nanoTime();
    }

    public synchronized void record(long startedNanos, boolean ok) {
        if (ok) {
            millis.add((System.nanoTime() - startedNanos) / 1e6);
        } else {
            errors++;
        }
    }

    public synchronized void stop() {
        endNanos = System.nanoTime();
    }

    public synchronized Percentiles latencies() {
        return Percentiles.of(millis);
    }

    public synchronized int errors() {
        return errors;
    }

    public synchronized int successes() {
        return millis.size();
    }

    /** Successful operations per second of wall time. */
    public synchronized double rate() {
        double seconds = ((endNanos == 0 ? System.nanoTime() : endNanos) - startNanos) / 1e9;
        return seconds <= 0 ? 0 : millis.size() / seconds;
    }
}
