package dev.k6runner.model;

/**
 * One bucket of the per-second timeline. Latencies are of http_req_duration in milliseconds,
 * null where the bucket saw no request. {@code generatorCpuPercent} is the k6 process tree's mean CPU over
 * the bucket in percent of one core (above 100 on several cores), null where the runner took no sample there
 * (or ran before it kept the series).
 */
public record TimelinePoint(
        long epochSecond,
        long requests,
        long failedRequests,
        int vus,
        long iterations,
        Double p50Ms,
        Double p95Ms,
        Double p99Ms,
        Double generatorCpuPercent) {

    /** A point without a CPU sample. */
    public TimelinePoint(long epochSecond, long requests, long failedRequests, int vus, long iterations,
                         Double p50Ms, Double p95Ms, Double p99Ms) {
        this(epochSecond, requests, failedRequests, vus, iterations, p50Ms, p95Ms, p99Ms, null);
    }

    public TimelinePoint withGeneratorCpu(Double percent) {
        return new TimelinePoint(epochSecond, requests, failedRequests, vus, iterations, p50Ms, p95Ms, p99Ms, percent);
    }
}
