package dev.k6runner.analyzer.finish;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.k6runner.analyzer.analysis.AnalysisDocument;
import dev.k6runner.analyzer.analysis.AnalysisInput;
import dev.k6runner.analyzer.analysis.Anomaly;
import dev.k6runner.analyzer.analysis.RunAnalysis;
import dev.k6runner.analyzer.analysis.Verdict;
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
 * Plain code without I/O, so it is testable without Spring and benchmarked as is. It composes the
 * feature packages, so it sits at the end of the flow, beside the finishing, and they never see it.
 */
@Component
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
                AnalysisDocument.of(anomalies, confidence, AnalyzerKind.RULES, null, compared.comparison(), List.of()));
    }

    private static Anomaly unreadableSummary(String reason) {
        return new Anomaly("summary_unreadable", Severity.HIGH, "k6's summary export could not be read: " + reason
                + "; expected k6's --summary-export JSON", null, null, "valid summary export",
                "Check the runner's k6 version and the summary file it read; the metrics of this run are unknown.",
                Anomaly.RULES);
    }
}
