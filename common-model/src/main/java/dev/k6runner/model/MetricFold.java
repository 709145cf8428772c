package dev.k6runner.model;

import java.util.List;

/**
 * One k6 metric (or one sub-metric k6 declared, such as
 * {@code http_req_duration{expected_response:true}}) folded out of the stream, in a form that
 * merges exactly with the same metric of other k6 processes.
 *
 * @param name        k6's name; a sub-metric's carries its selector in braces
 * @param type        {@code trend}, {@code counter}, {@code rate} or {@code gauge}, as k6 declared it
 * @param contains    {@code time}, {@code data} or {@code default}
 * @param thresholds  the threshold expressions k6 declared on the metric in the stream
 * @param count       how many samples were added
 * @param sum         the sum of the samples (a counter's total; a trend's avg is sum / count)
 * @param min         the smallest sample (0 without samples: never NaN, which JSON cannot carry)
 * @param max         the largest sample (0 without samples)
 * @param last        the latest sample by time, kept for all but trends (0 for trends and without samples)
 * @param lastAtNanos when that latest sample was taken, epoch nanoseconds
 * @param nonZero     samples that were not zero: a rate's passes (fails = count - nonZero)
 * @param histogram   trends only: the samples times 1000 (microseconds for time), negative ones
 *                    as 0, in a compressed HdrHistogram of 3 significant digits, in base64; else null
 */
public record MetricFold(
        String name,
        String type,
        String contains,
        List<String> thresholds,
        long count,
        double sum,
        double min,
        double max,
        double last,
        long lastAtNanos,
        long nonZero,
        String histogram) {
}
