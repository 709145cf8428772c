package dev.k6runner.model;

/**
 * How hard the k6 process itself worked. When saturated, the run's numbers describe the load
 * generator rather than the system under test.
 */
public record LoadGeneratorHealth(
        int samples,
        double cpuAvgPercent,
        double cpuPeakPercent,
        long rssPeakBytes,
        boolean saturated) {
}
