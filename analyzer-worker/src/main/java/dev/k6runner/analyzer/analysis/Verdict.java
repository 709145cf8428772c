package dev.k6runner.analyzer.analysis;

import java.util.List;

import dev.k6runner.analyzer.metrics.RunMetrics;
import dev.k6runner.model.RunDigest;
import dev.k6runner.model.Severity;

/**
 * The written rule for the overall severity and the confidence (docs/analyzer.md):
 * severity is the highest severity of any anomaly, {@code none} without anomalies. Confidence
 * starts at 0.95 and loses evidence: no summary export 0.5; fewer than 20 requests ×0.6, fewer
 * than 100 ×0.8; a run shorter than 10 s ×0.85; no timeline ×0.9; a saturated load generator ×0.7
 * (the numbers then describe the generator); clamped to [0.1, 0.99], rounded to two decimals.
 */
public final class Verdict {

    private Verdict() {
    }

    public static Severity severity(List<Anomaly> anomalies) {
        return anomalies.stream().map(Anomaly::severity).reduce(Severity.NONE, Severity::max);
    }

    public static double confidence(boolean hasSummary, RunMetrics metrics, RunDigest digest) {
        if (!hasSummary) {
            return 0.5;
        }
        double confidence = 0.95;
        Long requests = metrics.totalRequests();
        if (requests != null && requests < 20) {
            confidence *= 0.6;
        } else if (requests != null && requests < 100) {
            confidence *= 0.8;
        }
        if (metrics.durationSeconds() != null && metrics.durationSeconds() < 10) {
            confidence *= 0.85;
        }
        if (digest == null || digest.timeline() == null || digest.timeline().isEmpty()) {
            confidence *= 0.9;
        }
        if (digest != null && digest.loadGenerator() != null && digest.loadGenerator().saturated()) {
            confidence *= 0.7;
        }
        return round(Math.clamp(confidence, 0.1, 0.99));
    }

    static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
