package dev.k6runner.model;

/**
 * One bucket of the per-second timeline. Latencies are of http_req_duration in milliseconds,
 * null where the bucket saw no request.
 */
public record TimelinePoint(
        long epochSecond,
        long requests,
        long failedRequests,
        int vus,
        long iterations,
        Double p50Ms,
        Double p95Ms,
        Double p99Ms) {
}
