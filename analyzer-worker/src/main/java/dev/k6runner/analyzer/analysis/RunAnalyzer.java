package dev.k6runner.analyzer.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.k6runner.analyzer.baseline.BaselineComparator;
import dev.k6runner.analyzer.baseline.BaselineHistory;
import dev.k6runner.analyzer.metrics.MetricsExtractor;
import dev.k6runner.analyzer.metrics.RunMetrics;
import dev.k6runner.analyzer.metrics.SummaryExport;
import dev.k6runner.analyzer.metrics.ThresholdResults;
import dev.k6runner.analyzer.rules.RuleEngine;
import dev.k6runner.analyzer.timeline.TimelineAnalyzer;
import dev.k6runner.model.AnalyzerKind;
import dev.k6runner.model.Severity;

/**
 * The deterministic analysis: metrics, rules, time series and baseline, then the overall verdict.
 * Plain code without I/O, so it is testable without Spring and benchmarked as is.
 */
public final class RunAnalyzer {

    private final RuleEngine rules;
    private final TimelineAnalyzer timeline;
    private final BaselineComparator baseline;

    public RunAnalyzer(RuleEngine rules, TimelineAnalyzer timeline, BaselineComparator baseline) {
        this.rules = rules;
        this.timeline = timeline;
        this.baseline = baseline;
    }

    public RunAnalysis analyze(AnalysisInput input, BaselineHistory history) {
        List<Anomaly> anomalies = new ArrayList<>();
        Optional<SummaryExport> export;
        try {
            export = SummaryExport.parse(input.rawSummary());
        } catch (SummaryExport.UnreadableSummaryException e) {
            export = Optional.empty();
            anomalies.add(unreadableSummary(e.getMessage()));
        }
        RunMetrics metrics = export.map(summary -> MetricsExtractor.extract(summary, input.digest())).orElse(RunMetrics.none());
        ThresholdResults thresholds = export.map(SummaryExport::thresholds).orElse(null);
        anomalies.addAll(rules.evaluate(input, export, metrics, thresholds));
        anomalies.addAll(timeline.evaluate(input.digest()));
        BaselineComparator.Result compared = baseline.compare(metrics, input.outcome(), history);
        anomalies.addAll(compared.anomalies());
        double confidence = Verdict.confidence(export.isPresent(), metrics, input.digest());
        return new RunAnalysis(metrics, thresholds,
                document(anomalies, confidence, AnalyzerKind.RULES, null, compared.comparison(), List.of()));
    }

    /** Builds the stored document; the overall severity is always the highest anomaly's (Verdict). */
    public static AnalysisDocument document(List<Anomaly> anomalies, double confidence, AnalyzerKind analyzer,
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

    private static Anomaly unreadableSummary(String reason) {
        return new Anomaly("summary_unreadable", Severity.HIGH, "k6's summary export could not be read: " + reason
                + "; expected k6's --summary-export JSON", null, null, "valid summary export",
                "Check the runner's k6 version and the summary file it read; the metrics of this run are unknown.",
                Anomaly.RULES);
    }
}
