package dev.k6runner.analyzer.baseline;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How a run is compared with its test's history (k6runner.analyzer.baseline.*).
 *
 * @param window                   how many recent completed runs of the same team and name form the baseline
 * @param minRuns                  fewer runs than this (and no pinned run) means no comparison
 * @param latencyFactor            p95/avg at least this many times the baseline median is a regression
 * @param madMultiplier            and above the median by this many scaled MADs, so noisy tests need a clearer jump
 * @param minIncreaseMs            and by at least this many ms
 * @param errorRateIncreasePoints  error rate this many percentage points above the baseline is a regression
 * @param throughputDropFactor     throughput below this fraction of the baseline (at no fewer VUs) is a regression
 */
@Validated
@ConfigurationProperties("k6runner.analyzer.baseline")
public record BaselineProperties(
        @Min(1) Integer window,
        @Min(1) Integer minRuns,
        @Positive Double latencyFactor,
        @PositiveOrZero Double madMultiplier,
        @PositiveOrZero Double minIncreaseMs,
        @Positive Double errorRateIncreasePoints,
        @Positive Double throughputDropFactor) {

    public BaselineProperties {
        window = window == null ? 20 : window;
        minRuns = minRuns == null ? 3 : minRuns;
        latencyFactor = latencyFactor == null ? 2.0 : latencyFactor;
        madMultiplier = madMultiplier == null ? 3.0 : madMultiplier;
        minIncreaseMs = minIncreaseMs == null ? 10.0 : minIncreaseMs;
        errorRateIncreasePoints = errorRateIncreasePoints == null ? 2.0 : errorRateIncreasePoints;
        throughputDropFactor = throughputDropFactor == null ? 0.5 : throughputDropFactor;
    }

    public static BaselineProperties defaults() {
        return new BaselineProperties(null, null, null, null, null, null, null);
    }
}
