package dev.k6runner.analyzer.metrics;

/**
 * The contract's {@code metrics} object, field for field from k6's summary export. A metric the
 * test did not produce is null, never zero. Serialized with snake_case names.
 */
public record RunMetrics(
        Double avgResponseTimeMs,
        Double medResponseTimeMs,
        Double p90ResponseTimeMs,
        Double p95ResponseTimeMs,
        Double p99ResponseTimeMs,
        Double maxResponseTimeMs,
        Double errorRate,
        Long totalRequests,
        Long failedRequests,
        Double throughputRps,
        Integer vusMax,
        Long iterations,
        Double durationSeconds,
        Long checksPassed,
        Long checksFailed,
        Long dataReceivedBytes,
        Long dataSentBytes,
        Long droppedIterations) {

    /** What a run without a summary export (k6 never ran the test) has. */
    public static RunMetrics none() {
        return new RunMetrics(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }
}
