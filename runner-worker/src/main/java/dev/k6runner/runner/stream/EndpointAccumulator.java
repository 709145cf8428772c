package dev.k6runner.runner.stream;

import dev.k6runner.model.EndpointStats;
import org.HdrHistogram.Histogram;

/** Requests, failures and http_req_duration of one endpoint (method, name, status). */
final class EndpointAccumulator {

    final String method;
    final String name;
    final String status;
    private final Histogram durations = Latencies.newPartHistogram();
    private long requests;
    private long failedRequests;
    private double durationSumMs;
    private double durationMaxMs;

    EndpointAccumulator(String method, String name, String status) {
        this.method = method;
        this.name = name;
        this.status = status;
    }

    void request() {
        requests++;
    }

    void failed() {
        failedRequests++;
    }

    void duration(double ms, long micros) {
        durations.recordValue(micros);
        durationSumMs += ms;
        durationMaxMs = Math.max(durationMaxMs, ms);
    }

    long requests() {
        return requests;
    }

    long retainedBytes() {
        return 96 + durations.getEstimatedFootprintInBytes() + 2L * (method.length() + name.length() + status.length());
    }

    /** Null when no duration was recorded, so that a digest carries no empty histograms. */
    String histogram() {
        return durations.getTotalCount() == 0 ? null : Latencies.base64(durations);
    }

    EndpointStats toStats() {
        long measured = durations.getTotalCount();
        double avg = measured == 0 ? 0 : durationSumMs / measured;
        double p95 = measured == 0 ? 0 : Latencies.millis(durations.getValueAtPercentile(95));
        return new EndpointStats(method, name, status, requests, failedRequests, avg, p95, durationMaxMs);
    }
}
