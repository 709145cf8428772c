package dev.k6runner.analyzer.analysis;

import dev.k6runner.analyzer.metrics.RunMetrics;
import dev.k6runner.analyzer.metrics.ThresholdResults;

/** The outcome of one analysis: what is stored in run_results and, summarized, in runs. */
public record RunAnalysis(RunMetrics metrics, ThresholdResults thresholds, AnalysisDocument document) {
}
