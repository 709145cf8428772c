package dev.k6runner.analyzer.merge;

import dev.k6runner.model.MetricFold;
import org.HdrHistogram.Histogram;

/**
 * A merged metric read the way k6 reads its sink at the end of a test: a trend's avg, min, max, med
 * and p(N) (from the histogram, in the metric's own unit), a counter's count and rate over the test's
 * duration, a rate's fraction, a gauge's value.
 */
final class MergedMetric {

    /** The runner records trend samples times 1000 (microseconds for time metrics). */
    private static final double HISTOGRAM_SCALE = 1000.0;

    final MetricFold fold;
    private final Histogram histogram;
    private final double durationSeconds;

    MergedMetric(MetricFold fold, double durationSeconds) {
        this.fold = fold;
        this.histogram = fold.histogram() == null ? null : Histograms.decode(fold.histogram());
        this.durationSeconds = durationSeconds;
    }

    boolean isTrend() {
        return "trend".equals(fold.type());
    }

    /** k6's trend percentile, p in [0, 1]. */
    double percentile(double p) {
        if (fold.count() == 1 || histogram == null) {
            return fold.count() == 0 ? 0 : fold.min();
        }
        return Histograms.percentile(histogram, p) / HISTOGRAM_SCALE;
    }

    double avg() {
        return fold.count() == 0 ? 0 : fold.sum() / fold.count();
    }

    /** A counter's count / duration, a rate's passes / samples. */
    double rate() {
        if ("rate".equals(fold.type())) {
            return fold.count() == 0 ? 0 : (double) fold.nonZero() / fold.count();
        }
        return durationSeconds > 0 ? fold.sum() / durationSeconds : 0;
    }

    /** The value of one aggregation of a threshold; null without samples (k6 does not fail those). */
    Double aggregate(ThresholdExpression expression) {
        if (fold.count() == 0) {
            return null;
        }
        if (expression.isPercentile()) {
            return percentile(expression.percentile());
        }
        return switch (expression.aggregation()) {
            case "avg" -> avg();
            case "min" -> fold.min();
            case "max" -> fold.max();
            case "med" -> percentile(0.5);
            case "count" -> "counter".equals(fold.type()) ? fold.sum() : (double) fold.count();
            case "rate" -> rate();
            default -> value();
        };
    }

    /** A gauge's latest value, a rate's fraction, a counter's count, a trend's avg. */
    double value() {
        return switch (fold.type() == null ? "" : fold.type()) {
            case "gauge" -> fold.last();
            case "rate" -> rate();
            case "counter" -> fold.sum();
            default -> avg();
        };
    }
}
