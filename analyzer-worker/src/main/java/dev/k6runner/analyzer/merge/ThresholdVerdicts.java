package dev.k6runner.analyzer.merge;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Thresholds evaluated on merged metrics, in the shape of the summary export's {@code thresholds}
 * maps: metric (sub-metrics by their full name, such as {@code http_req_duration{name:checkout}})
 * to expression to {@code true} when the threshold FAILED.
 */
final class ThresholdVerdicts {

    private ThresholdVerdicts() {
    }

    static Map<String, Map<String, Boolean>> evaluate(Map<String, Set<String>> declared, Map<String, MergedMetric> metrics) {
        Map<String, Map<String, Boolean>> verdicts = new LinkedHashMap<>();
        declared.forEach((metricName, expressions) -> {
            MergedMetric metric = metrics.get(metricName);
            Map<String, Boolean> results = new LinkedHashMap<>();
            for (String source : expressions) {
                results.put(source, metric != null && failed(source, metric));
            }
            verdicts.put(metricName, results);
        });
        return verdicts;
    }

    /** k6 refuses to start with an expression it cannot parse, so one here is not k6's: it is not failed. */
    static boolean failed(String source, MergedMetric metric) {
        try {
            return ThresholdExpression.parse(source).failed(metric::aggregate);
        } catch (IllegalArgumentException notK6s) {
            return false;
        }
    }

    static boolean anyFailed(Map<String, Map<String, Boolean>> verdicts) {
        return verdicts.values().stream().anyMatch(results -> results.containsValue(true));
    }
}
