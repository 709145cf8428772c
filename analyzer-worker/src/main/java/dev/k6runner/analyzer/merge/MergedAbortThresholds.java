package dev.k6runner.analyzer.merge;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import dev.k6runner.model.LiveThresholds;
import dev.k6runner.model.MetricFold;

/**
 * The thresholds with abortOnFail of a running test on several runners, evaluated as one k6 would on the whole
 * test's data: the segments' live folds merged (counters and rates added, trends from merged histograms), the
 * expressions with k6's own grammar, each only once its {@code delayAbortEval} has passed since the test started.
 */
public final class MergedAbortThresholds {

    private MergedAbortThresholds() {
    }

    /**
     * @param segments       what each segment published; a segment that has not yet published is simply absent
     * @param elapsedSeconds since the test's first k6 started: a counter's rate is over it, delays are measured by it
     * @return the crossed thresholds, as {@code metric: expression}; empty when none (or none may abort yet)
     */
    public static List<String> crossed(List<LiveThresholds> segments, double elapsedSeconds) {
        Set<LiveThresholds.AbortOnFail> thresholds = new LinkedHashSet<>();
        segments.forEach(segment -> thresholds.addAll(segment.thresholds()));
        Map<String, MergedMetric> merged = MetricMerge.mergeAll(segments.stream().map(LiveThresholds::metrics)
                        .filter(Objects::nonNull).toList()).stream()
                .collect(Collectors.toMap(MetricFold::name, fold -> new MergedMetric(fold, elapsedSeconds), (a, b) -> a));
        List<String> crossed = new ArrayList<>();
        for (LiveThresholds.AbortOnFail threshold : thresholds) {
            MergedMetric metric = merged.get(threshold.metric());
            if (elapsedSeconds >= threshold.delaySeconds() && metric != null
                    && ThresholdVerdicts.failed(threshold.expression(), metric)) {
                crossed.add(threshold.metric() + ": " + threshold.expression());
            }
        }
        return crossed;
    }
}
