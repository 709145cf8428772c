package dev.k6runner.model;

import java.util.List;

/**
 * What the runner folded out of k6's {@code --out json} stream while it ran. Bounded in size
 * whatever the test's length: the timeline is merged into wider buckets past its cap, and the
 * endpoint list is capped too.
 *
 * @param latencyHistogram http_req_duration of the whole run, a compressed HdrHistogram in
 *                         base64, in microseconds, mergeable with others
 * @param pointsRead       how many metric points the stream carried
 * @param metrics          every metric, check and group of the stream in a mergeable form; null from
 *                         runners older than this field
 */
public record RunDigest(
        int bucketSeconds,
        List<TimelinePoint> timeline,
        List<EndpointStats> endpoints,
        String latencyHistogram,
        LoadGeneratorHealth loadGenerator,
        long pointsRead,
        StreamMetrics metrics) {
}
