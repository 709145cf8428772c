package dev.k6runner.analyzer.telemetry;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Prometheus series of the analyzer (k6runner.analyzer.metrics.*).
 *
 * @param maxTestNames test names that get their own latest-result gauges; later names share the label "_other"
 */
@Validated
@ConfigurationProperties("k6runner.analyzer.metrics")
record MetricsProperties(@Min(0) Integer maxTestNames) {

    public MetricsProperties {
        maxTestNames = maxTestNames == null ? 100 : maxTestNames;
    }
}
