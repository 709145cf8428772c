package dev.k6runner.model;

import java.util.List;

/**
 * What one segment of a test on several runners publishes while it runs, so that its thresholds with
 * {@code abortOnFail} are evaluated on the test's merged data (each k6 sees only its own segment's): those
 * thresholds, and the segment's fold so far of every metric they name.
 *
 * @param thresholds the thresholds k6 declared with {@code abortOnFail}
 * @param metrics    this segment's folds of their metrics (sub-metrics by their full name), as of the snapshot
 */
public record LiveThresholds(List<AbortOnFail> thresholds, List<MetricFold> metrics) {

    /**
     * One threshold with {@code abortOnFail}.
     *
     * @param metric       the metric, or a sub-metric by its full name ({@code http_req_duration{name:checkout}})
     * @param expression   k6's expression ({@code p(95)<500})
     * @param delaySeconds {@code delayAbortEval}: how long after the test's start an abort may first happen
     */
    public record AbortOnFail(String metric, String expression, double delaySeconds) {
    }
}
