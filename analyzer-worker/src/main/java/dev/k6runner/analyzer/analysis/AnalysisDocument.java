package dev.k6runner.analyzer.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.k6runner.model.AnalyzerKind;
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

    /**
     * Builds the stored document from the findings of every source: anomalies worst first, the overall
     * severity always the highest anomaly's ({@link Verdict}).
     */
    public static AnalysisDocument of(List<Anomaly> anomalies, double confidence, AnalyzerKind analyzer,
                                      String fallbackReason, BaselineComparison baseline, List<String> extraAdvice) {
        List<Anomaly> ordered = anomalies.stream()
                .sorted(Comparator.comparing(Anomaly::severity).reversed()).toList();
        List<String> recommendations = new ArrayList<>(extraAdvice);
        ordered.stream().map(Anomaly::recommendation).filter(advice -> advice != null && !recommendations.contains(advice))
                .forEach(recommendations::add);
        Map<String, Long> bySource = new LinkedHashMap<>();
        for (String source : List.of(Anomaly.RULES, Anomaly.TIMELINE, Anomaly.BASELINE, Anomaly.AI)) {
            bySource.put(source, ordered.stream().filter(anomaly -> source.equals(anomaly.source())).count());
        }
        Severity severity = Verdict.severity(ordered);
        String summary = ordered.isEmpty() ? "No anomalies found."
                : "%d anomal%s, worst %s: %s".formatted(ordered.size(), ordered.size() == 1 ? "y" : "ies",
                        severity.wireName(), ordered.getFirst().type());
        return new AnalysisDocument(!ordered.isEmpty(), severity, ordered, List.copyOf(recommendations), confidence,
                analyzer.wireName(), fallbackReason, summary, baseline, bySource);
    }
}
