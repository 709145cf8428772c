package dev.k6runner.analyzer.timeline;

import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the time-series findings (k6runner.analyzer.timeline.*).
 *
 * @param minPoints                 timeline buckets with requests needed before any time-series finding
 * @param degradationFactor         last third's median p95 at least this many times the first third's is degradation
 * @param degradationMinIncreaseMs  and at least this many ms more, so tiny latencies do not flag noise
 * @param burstErrorRatePercent     a bucket at or above this error rate (and 3× the run's) belongs to a burst
 * @param burstMinFailed            failed requests a burst needs in total
 * @param burstMaxCoveragePercent   a "burst" longer than this share of the run is a steady error rate, not a burst
 * @param saturationGrowthTolerance throughput within this fraction of the peak counts as "stopped growing"
 * @param saturationVuIncrease      VUs must grow by this factor past the knee
 * @param saturationLatencyIncrease and p95 by this factor, for the knee to be the saturation point
 * @param hotspotSharePercent       an endpoint with at least this share of all failed requests is an error hotspot
 * @param hotspotMinFailed          failed requests needed before naming hotspots
 * @param hotspotMinErrorPercent    and the worst endpoint's own error rate must reach this
 * @param slowEndpointFactor        an endpoint whose average is this many times the others' is slow
 * @param slowEndpointMinMs         and whose average exceeds this many ms
 * @param slowEndpointMinRequests   requests the endpoint, and the others together, need for the comparison: a call made
 *                                  once (setup's login, a reset) is neither a slow endpoint nor the others' yardstick
 */
@Validated
@ConfigurationProperties("k6runner.analyzer.timeline")
public record TimelineProperties(
        @Positive Integer minPoints,
        @Positive Double degradationFactor,
        @PositiveOrZero Double degradationMinIncreaseMs,
        @Positive Double burstErrorRatePercent,
        @Positive Integer burstMinFailed,
        @Positive Double burstMaxCoveragePercent,
        @PositiveOrZero Double saturationGrowthTolerance,
        @Positive Double saturationVuIncrease,
        @Positive Double saturationLatencyIncrease,
        @Positive Double hotspotSharePercent,
        @Positive Integer hotspotMinFailed,
        @PositiveOrZero Double hotspotMinErrorPercent,
        @Positive Double slowEndpointFactor,
        @PositiveOrZero Double slowEndpointMinMs,
        @Positive Integer slowEndpointMinRequests) {

    public TimelineProperties {
        minPoints = minPoints == null ? 6 : minPoints;
        degradationFactor = degradationFactor == null ? 1.5 : degradationFactor;
        degradationMinIncreaseMs = degradationMinIncreaseMs == null ? 20.0 : degradationMinIncreaseMs;
        burstErrorRatePercent = burstErrorRatePercent == null ? 10.0 : burstErrorRatePercent;
        burstMinFailed = burstMinFailed == null ? 5 : burstMinFailed;
        burstMaxCoveragePercent = burstMaxCoveragePercent == null ? 50.0 : burstMaxCoveragePercent;
        saturationGrowthTolerance = saturationGrowthTolerance == null ? 0.10 : saturationGrowthTolerance;
        saturationVuIncrease = saturationVuIncrease == null ? 1.25 : saturationVuIncrease;
        saturationLatencyIncrease = saturationLatencyIncrease == null ? 1.3 : saturationLatencyIncrease;
        hotspotSharePercent = hotspotSharePercent == null ? 50.0 : hotspotSharePercent;
        hotspotMinFailed = hotspotMinFailed == null ? 5 : hotspotMinFailed;
        hotspotMinErrorPercent = hotspotMinErrorPercent == null ? 5.0 : hotspotMinErrorPercent;
        slowEndpointFactor = slowEndpointFactor == null ? 3.0 : slowEndpointFactor;
        slowEndpointMinMs = slowEndpointMinMs == null ? 100.0 : slowEndpointMinMs;
        slowEndpointMinRequests = slowEndpointMinRequests == null ? 20 : slowEndpointMinRequests;
    }

    public static TimelineProperties defaults() {
        return new TimelineProperties(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
