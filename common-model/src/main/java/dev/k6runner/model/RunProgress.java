package dev.k6runner.model;

import java.time.Instant;

/** Live status of a running run, refreshed by its runner while k6 runs. */
public record RunProgress(double elapsedSeconds, long requests, long failedRequests, int vus, Instant updatedAt) {
}
