package dev.k6runner.analyzer.metrics;

import java.util.List;

/** The contract's {@code thresholds} object: each expression's verdict, and whether all passed. */
public record ThresholdResults(boolean passed, List<Result> results) {

    public ThresholdResults {
        results = List.copyOf(results);
    }

    public List<Result> failed() {
        return results.stream().filter(result -> !result.passed()).toList();
    }

    public record Result(String metric, String expression, boolean passed) {
    }
}
