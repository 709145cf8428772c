package dev.k6runner.gateway.query;

import java.time.Instant;
import java.util.UUID;

/** One line of history and search: read from {@code runs} alone. */
public record RunSummary(
        UUID testId,
        String name,
        String status,
        Instant submittedAt,
        Instant finishedAt,
        Boolean hasAnomalies,
        String severity,
        Double avgResponseTimeMs,
        Double p95ResponseTimeMs,
        Double errorRate,
        Double throughputRps,
        Long totalRequests,
        Integer vusMax,
        Double durationSeconds) {
}
