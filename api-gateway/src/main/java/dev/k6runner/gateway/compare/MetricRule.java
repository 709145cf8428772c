package dev.k6runner.gateway.compare;

import java.util.Map;

import dev.k6runner.gateway.compare.ChangeTest.Direction;

/**
 * How one metric of the results document is judged: on which per-bucket series, which way is better, and the
 * smallest change of that series' median that counts. Metrics with no rule (counts, bytes, VUs) are shown side by
 * side but not judged: more requests in a run of another length is neither better nor worse.
 */
record MetricRule(BucketSeries series, Direction direction, double minEffect, boolean relative) {

    /** 10 %: below this, a latency or rate change is within what two runs of one build show (docs/analyzer.md). */
    static final double RELATIVE = 0.10;
    /** One percentage point of failed requests. */
    static final double ERROR_POINTS = 1.0;

    static final Map<String, MetricRule> RULES = Map.of(
            "avg_response_time_ms", latency(BucketSeries.P50),
            "med_response_time_ms", latency(BucketSeries.P50),
            "p90_response_time_ms", latency(BucketSeries.P95),
            "p95_response_time_ms", latency(BucketSeries.P95),
            "p99_response_time_ms", latency(BucketSeries.P99),
            "max_response_time_ms", latency(BucketSeries.P99),
            "error_rate", new MetricRule(BucketSeries.ERROR_PERCENT, Direction.LOWER_IS_BETTER, ERROR_POINTS, false),
            "failed_requests", new MetricRule(BucketSeries.ERROR_PERCENT, Direction.LOWER_IS_BETTER, ERROR_POINTS, false),
            "throughput_rps", new MetricRule(BucketSeries.REQUEST_RATE, Direction.HIGHER_IS_BETTER, RELATIVE, true));

    private static MetricRule latency(BucketSeries series) {
        return new MetricRule(series, Direction.LOWER_IS_BETTER, RELATIVE, true);
    }
}
