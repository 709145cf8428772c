package dev.k6runner.analyzer.analysis;

import dev.k6runner.model.Severity;

/**
 * One finding. {@code message} states the observed and the expected value; {@code source} is
 * rules, timeline, baseline or ai.
 */
public record Anomaly(
        String type,
        Severity severity,
        String message,
        String metric,
        Double observed,
        String expected,
        String recommendation,
        String source) {

    public static final String RULES = "rules";
    public static final String TIMELINE = "timeline";
    public static final String BASELINE = "baseline";
    public static final String AI = "ai";

    public Anomaly {
        // jsonb has no NaN or Infinity; a value that cannot be stated is left out
        observed = observed == null || Double.isFinite(observed) ? observed : null;
    }
}
