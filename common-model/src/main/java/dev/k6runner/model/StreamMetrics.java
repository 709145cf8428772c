package dev.k6runner.model;

import java.util.List;

/**
 * What a {@link RunDigest} holds besides http_req_duration and the timeline: every metric of the
 * stream in a mergeable form, so that the results of several k6 processes running one test (execution
 * segments) merge as if one k6 had run it. Bounded: past the fold's caps further metrics, checks and
 * groups are not kept, and {@code truncated} says so.
 *
 * @param metrics            every metric and declared sub-metric, in the order the stream declared them
 * @param checks             every check, by group and name
 * @param groups             every group path the stream named (for example {@code ::setup}), sorted
 * @param endpointHistograms http_req_duration per endpoint in microseconds, a compressed 2-digit
 *                           HdrHistogram in base64, in the order of {@link RunDigest#endpoints()} (null
 *                           where the endpoint had no duration)
 * @param timelineHistograms http_req_duration per timeline bucket, the same encoding, in the order of
 *                           {@link RunDigest#timeline()} (null where the bucket had no request), so
 *                           that merged timelines get exact per-bucket percentiles
 * @param truncated          true when a cap dropped a metric, check or group
 */
public record StreamMetrics(
        List<MetricFold> metrics,
        List<CheckFold> checks,
        List<String> groups,
        List<String> endpointHistograms,
        List<String> timelineHistograms,
        boolean truncated) {

    public static StreamMetrics empty() {
        return new StreamMetrics(List.of(), List.of(), List.of(), List.of(), List.of(), false);
    }
}
