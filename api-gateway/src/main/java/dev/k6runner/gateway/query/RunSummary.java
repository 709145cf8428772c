package dev.k6runner.gateway.query;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of history and search: read from {@code runs} and, for a bundled run, its bundle's row by key.
 *
 * @param files   the names of the files bundled beside the script; absent for a single-file run or an archive
 * @param archive the k6 archive the run ran; absent otherwise (so history shows what ran, issue 17)
 */
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
        Double durationSeconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> files,
        @JsonInclude(JsonInclude.Include.NON_NULL) RunDocument.Archive archive) {
}
