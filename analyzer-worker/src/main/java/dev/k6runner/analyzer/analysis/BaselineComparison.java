package dev.k6runner.analyzer.analysis;

import java.util.UUID;

/**
 * What this run was compared with: the median (and MAD) of the baseline runs' metrics, how many
 * runs, and whether a user pinned the baseline run. {@code status} is compared, pinned,
 * insufficient_history or not_applicable.
 */
public record BaselineComparison(
        String status,
        boolean pinned,
        UUID pinnedRunId,
        int runs,
        Double p95ResponseTimeMs,
        Double p95MadMs,
        Double avgResponseTimeMs,
        Double errorRate,
        Double throughputRps) {

    public static BaselineComparison notApplicable(String status, int runs) {
        return new BaselineComparison(status, false, null, runs, null, null, null, null, null);
    }
}
