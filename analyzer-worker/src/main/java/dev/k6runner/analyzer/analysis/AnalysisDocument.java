package dev.k6runner.analyzer.analysis;

import java.util.List;
import java.util.Map;

import dev.k6runner.model.Severity;

/**
 * The contract's {@code anomaly_analysis} object as stored in run_results.analysis (snake_case),
 * plus {@code fallback_reason} (why the rules answered although Gemini was configured),
 * {@code baseline} and {@code findings_by_source}.
 */
public record AnalysisDocument(
        boolean hasAnomalies,
        Severity severity,
        List<Anomaly> anomalies,
        List<String> recommendations,
        double confidence,
        String analyzer,
        String fallbackReason,
        String summary,
        BaselineComparison baseline,
        Map<String, Long> findingsBySource) {
}
