package dev.k6runner.analyzer.analysis;

import java.time.Instant;

import dev.k6runner.model.Severity;

/**
 * One finding. {@code message} states the observed and the expected value; {@code source} is
 * rules, timeline, baseline or ai. {@code startedAt} is when a finding over the test's time began (a latency
 * degradation's start, an error burst's first second, the moment the VUs reached a saturation level) and
 * {@code endedAt} when a window ended (an error burst's); both are null for findings about the run as a whole.
 */
public record Anomaly(
        String type,
        Severity severity,
        String message,
        String metric,
        Double observed,
        String expected,
        String recommendation,
        String source,
        Instant startedAt,
        Instant endedAt) {

    public static final String RULES = "rules";
    public static final String TIMELINE = "timeline";
    public static final String BASELINE = "baseline";
    public static final String AI = "ai";

    public Anomaly {
        // jsonb has no NaN or Infinity; a value that cannot be stated is left out
        observed = observed == null || Double.isFinite(observed) ? observed : null;
    }

    /** A finding about the run as a whole: no place on the test's time. */
    public Anomaly(String type, Severity severity, String message, String metric, Double observed, String expected,
                   String recommendation, String source) {
        this(type, severity, message, metric, observed, expected, recommendation, source, null, null);
    }

    /** The same finding placed on the test's time, from the timeline's epoch seconds ({@code to} null for a moment). */
    public Anomaly at(long fromEpochSecond, Long toEpochSecond) {
        return new Anomaly(type, severity, message, metric, observed, expected, recommendation, source,
                Instant.ofEpochSecond(fromEpochSecond), toEpochSecond == null ? null : Instant.ofEpochSecond(toEpochSecond));
    }
}
