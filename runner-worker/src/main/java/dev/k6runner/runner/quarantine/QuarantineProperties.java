package dev.k6runner.runner.quarantine;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When a runner whose host cannot start k6 stops taking runs, and how it tries itself again,
 * {@code k6runner.runner.quarantine.*}.
 *
 * @param afterFailures consecutive runs whose k6 this host could not start (its own faults, never a script's) that
 *                      quarantine the runner
 * @param probeInterval while quarantined, how often the probe checks the host (k6 version runs, the work folder is
 *                      writable, a fifo can be made); the first success releases the quarantine
 */
@Validated
@ConfigurationProperties("k6runner.runner.quarantine")
public record QuarantineProperties(
        @DefaultValue("3") @Min(1) int afterFailures,
        @DefaultValue("30s") Duration probeInterval) {

    public QuarantineProperties {
        if (!probeInterval.isPositive()) {
            throw new IllegalArgumentException("quarantine.probe-interval must be positive");
        }
    }
}
