package dev.k6runner.model;

/** Requests to one endpoint, keyed as k6 tags them: method, name and status. */
public record EndpointStats(
        String method,
        String name,
        String status,
        long requests,
        long failedRequests,
        double avgMs,
        double p95Ms,
        double maxMs) {
}
